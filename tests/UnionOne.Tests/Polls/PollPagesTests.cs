using System.Net;
using System.Xml.Linq;
using UnionOne.Modules.Polls.Domain;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Quizzes;

namespace UnionOne.Tests.Polls;

public sealed class PollPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_member_votes_on_the_phone_page_sees_the_bars_and_a_second_vote_is_refused()
    {
        var w = await PollWorld.CreateAsync(app);
        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        var pages = app.MemberPages(member.Phone, member.Id);
        (await pages.GetStringAsync("/m/polls")).ShouldContain("您最希望举办哪类活动？");

        var tooMany = await pages.PostFormAsync($"/m/polls/{w.PollId}", "vote", ("choices", "1"), ("choices", "2"), ("choices", "3"));
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.Content.ReadAsStringAsync()).ShouldContain("本投票每人最多选2项，您选了3项");
        (await app.ScalarAsync("select count(*) from polls.ballots where poll_id = @id", new { id = w.PollId })).ShouldBe(0);

        var html = await pages.GetStringAsync($"/m/polls/{w.PollId}");
        var voted = await pages.PostFormWithTokenAsync($"/m/polls/{w.PollId}", "vote", PageForms.AntiforgeryToken(html), ("choices", "2"));
        voted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await voted.Content.ReadAsStringAsync());
        var results = await pages.GetStringAsync(voted.Headers.Location!.OriginalString);
        results.ShouldContain("投票成功，感谢参与！");
        results.ShouldContain("width:100.0%");

        var again = await pages.PostFormWithTokenAsync($"/m/polls/{w.PollId}", "vote", PageForms.AntiforgeryToken(html), ("choices", "1"));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("您已经投过票了，每人只能投一次");
        (await app.ScalarAsync("select count(*) from polls.ballots where poll_id = @id", new { id = w.PollId })).ShouldBe(1);
    }

    [Fact]
    public async Task Staff_publish_on_the_console_and_read_results_and_turnout()
    {
        var w = await PollWorld.CreateAsync(app);
        var console = await app.StaffPagesAsync(w.Org.OfficerA);
        static string Local(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        var bad = await console.PostFormAsync($"/console/polls?union={w.Org.DistrictA}", "publish-poll", ("question", "只有一个选项的投票"), ("options", "唯一选项"),
            ("maxChoices", "1"), ("resultsVisibility", "live"), ("opensAt", Local(DateTime.UtcNow)), ("closesAt", Local(DateTime.UtcNow.AddDays(1))));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("投票至少需要2个选项");

        var published = await console.PostFormAsync($"/console/polls?union={w.Org.DistrictA}", "publish-poll", ("question", "职工食堂满意度"), ("options", "满意\n一般\n不满意"),
            ("maxChoices", "1"), ("resultsVisibility", "after-close"), ("opensAt", Local(DateTime.UtcNow.AddMinutes(-1))), ("closesAt", Local(DateTime.UtcNow.AddDays(1))));
        published.StatusCode.ShouldBe(HttpStatusCode.Redirect, await published.Content.ReadAsStringAsync());
        (await console.GetStringAsync(published.Headers.Location!.OriginalString)).ShouldContain("职工食堂满意度");

        var member = await app.QuizMemberAsync(w.Org.FactoryA);
        await member.VotedAsync(w.PollId, 1);
        var results = await console.GetStringAsync($"/console/polls/{w.PollId}");
        results.ShouldContain($"data-union=\"{w.Org.FactoryA}\"");
        results.ShouldContain("100.0%");
        (await (await app.StaffPagesAsync(w.Org.OfficerB)).GetAsync($"/console/polls/{w.PollId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Every_poll_text_has_an_english_translation()
    {
        var folder = QuizPagesTests.Folder("Polls");
        var english = XDocument.Load(Path.Combine(folder, "PollsText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => QuizPagesTests.LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).ToList();
        keys.AddRange(Enum.GetValues<ResultsVisibility>().Select(PollLabels.Visibility));
        keys.AddRange(["未开始", "已截止", "投票中"]);
        keys.Count.ShouldBeGreaterThan(50);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }
}
