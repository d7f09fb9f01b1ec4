using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Modules.Quizzes.Domain;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Quizzes;

public sealed partial class QuizPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_member_takes_a_quiz_on_the_phone_pages_and_sees_the_answers_only_after_submitting()
    {
        var w = await QuizWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var pages = app.MemberPages(member.Phone, member.Id);

        (await pages.GetStringAsync("/m/quizzes")).ShouldContain("劳动法知识竞赛");
        var started = await pages.PostFormAsync($"/m/quizzes/{w.QuizId}", "start-quiz");
        started.StatusCode.ShouldBe(HttpStatusCode.Redirect, await started.Content.ReadAsStringAsync());
        var attemptUrl = started.Headers.Location!.IsAbsoluteUri ? started.Headers.Location.AbsolutePath : started.Headers.Location.OriginalString;
        attemptUrl.ShouldMatch(@"^/m/quizzes/attempts/\d+$");

        var paper = await pages.GetStringAsync(attemptUrl);
        paper.ShouldContain("劳动者每日工作时间不超过几小时？");
        paper.ShouldContain("剩余时间约");
        paper.ShouldNotContain("第三十六条");
        paper.ShouldNotContain("正确答案");
        paper.ShouldNotContain("劳动法第");

        var submitted = await pages.PostFormAsync(attemptUrl, "submit-quiz",
            ($"q{w.Questions[0]}", "2"), ($"q{w.Questions[1]}", "1"), ($"q{w.Questions[1]}", "3"), ($"q{w.Questions[2]}", "2"));
        submitted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await submitted.Content.ReadAsStringAsync());
        var result = await pages.GetStringAsync(attemptUrl);
        result.ShouldContain("data-score=\"2\"");
        result.ShouldContain("劳动法第三十六条规定每日不超过八小时");
        result.ShouldContain("正确答案：A");
    }

    [Fact]
    public async Task A_late_page_submission_shows_the_reason_and_stores_nothing()
    {
        var w = await QuizWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var pages = app.MemberPages(member.Phone, member.Id);
        var id = (await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64();
        var html = await pages.GetStringAsync($"/m/quizzes/attempts/{id}");
        await app.ExecAsync("update quizzes.attempts set started_at = now() - interval '20 minutes', deadline_at = now() - interval '10 minutes' where id = @id", new { id });
        var response = await pages.PostFormWithTokenAsync($"/m/quizzes/attempts/{id}", "submit-quiz", PageForms.AntiforgeryToken(html), ($"q{w.Questions[0]}", "2"));
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("已超过答题时限（10分钟），本次答题作废，答案未被记录");
        (await app.ScalarAsync("select count(*) from quizzes.answers where attempt_id = @id", new { id })).ShouldBe(0);
    }

    [Fact]
    public async Task Staff_create_a_bank_and_publish_on_the_console_and_see_the_leaderboard()
    {
        var w = await QuizWorld.CreateAsync(app);
        var console = await app.StaffPagesAsync(w.Org.OfficerA);
        var created = await console.PostFormAsync($"/console/quizzes?union={w.Org.DistrictA}", "create-bank", ("name", "安全生产题库"));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var bankUrl = created.Headers.Location!.OriginalString;
        var added = await console.PostFormAsync(bankUrl, "add-question", ("kind", "single"), ("text", "发现火情应拨打哪个电话？"),
            ("option", "110"), ("option", "119"), ("option", "120"), ("correct", "2"), ("explanation", "火警电话119"));
        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bankPage = await added.Content.ReadAsStringAsync();
        bankPage.ShouldContain("已添加题目");
        bankPage.ShouldContain("发现火情应拨打哪个电话？");

        var bad = await console.PostFormAsync(bankUrl, "add-question", ("kind", "single"), ("text", "没有选项的题"), ("correct", "1"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("请填写2-8个选项，每个不超过100个字");

        var bankId = long.Parse(bankUrl.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var published = await console.PostFormAsync($"/console/quizzes?union={w.Org.DistrictA}", "publish-quiz", ("bankId", bankId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("title", "安全生产知识竞赛"), ("timeLimitMinutes", "5"), ("maxAttempts", "2"), ("passPercent", "60"), ("awardsPoints", "true"),
            ("opensAt", QuizTimeText(DateTime.UtcNow.AddMinutes(-1))), ("closesAt", QuizTimeText(DateTime.UtcNow.AddDays(3))));
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync());
        (await console.GetStringAsync(published.Headers.Location!.OriginalString)).ShouldContain("安全生产知识竞赛");

        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        await member.SubmittedAsync((await member.StartAsync(w.QuizId)).GetProperty("id").GetInt64(), w.RightAnswers);
        var board = await console.GetStringAsync($"/console/quizzes/{w.QuizId}");
        board.ShouldContain("data-rank=\"1\"");
        board.ShouldContain("3/3");
        (await (await app.StaffPagesAsync(w.Org.OfficerB)).GetAsync($"/console/quizzes/{w.QuizId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static string QuizTimeText(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Every_quiz_text_has_an_english_translation()
    {
        var folder = Folder("Quizzes");
        var english = XDocument.Load(Path.Combine(folder, "QuizzesText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToList();
        keys.AddRange(Enum.GetValues<QuestionKind>().Select(QuizLabels.Kind));
        keys.AddRange(Enum.GetValues<AttemptStatus>().Select(QuizLabels.Status));
        keys.AddRange([QuizLabels.True, QuizLabels.False, "未开始", "已结束", "进行中"]);
        keys.Count.ShouldBeGreaterThan(100);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    internal static string Folder(string module)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "UnionOne", "Modules", module);
    }

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    internal static partial Regex LookUp();
}
