using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Playwright;
using UnionOne.BrowserTests.Infrastructure;

namespace UnionOne.BrowserTests;

/// <summary>
/// A knowledge quiz (知识竞赛) in Chromium: staff build a question bank and publish a quiz from the console, a member answers on the phone
/// and sees the score with the answers explained, and the staff leaderboard ranks them.
/// </summary>
public sealed class QuizJourneyTests(DemoBrowserApp app) : IClassFixture<DemoBrowserApp>
{
    [Fact]
    public async Task Build_a_bank_publish_answer_on_the_phone_and_rank()
    {
        var member = await app.JiaojiangMemberAsync(61);

        // 1. District staff create a bank with a single-choice and a true-false question, then publish a quiz on it.
        await using var desk = await app.DesktopAsync();
        var staff = await desk.SignedInStaffAsync();
        await staff.GotoAsync("/console/quizzes");
        await staff.FillAsync("#b-name", "浏览器测试：工会法知识");
        await staff.ClickAsync("form:has(#b-name) button.primary");
        await staff.WaitForURLAsync(new Regex(@"/console/quizzes/banks/\d+$"));
        var bankId = staff.IdInPath().ToString(CultureInfo.InvariantCulture);

        await AddQuestionAsync(staff, "single", "我国工会法规定，工会会员的会费一般按本人工资收入的多少交纳？", ["百分之一", "百分之零点五", "百分之二"], correct: 2);
        await AddQuestionAsync(staff, "true-false", "新就业形态劳动者（如外卖骑手）可以依法加入工会。", [], correct: 1);
        (await staff.Locator("[data-question]").CountAsync()).ShouldBe(2);

        await staff.GotoAsync("/console/quizzes");
        await staff.SelectOptionAsync("#p-bank", bankId);
        await staff.FillAsync("#p-title", "浏览器测试：工会法知识竞赛");
        await staff.FillAsync("#p-minutes", "10");
        await staff.FillAsync("#p-attempts", "1");
        await staff.FillAsync("#p-pass", "60");
        await staff.ClickAsync("#publish button.primary");
        await staff.WaitForURLAsync(new Regex(@"/console/quizzes/\d+\?published=1"));
        var quizId = staff.IdInPath();

        // 2. The member starts on the phone, answers both questions right and sees the score and the explanations.
        await using var phone = await app.PhoneAsync();
        var page = await app.SignedInMemberAsync(phone, member.Phone);
        await page.GotoAsync("/m/quizzes");
        await page.ClickAsync($"[data-quiz='{quizId}']");
        await page.ClickAsync("button:has-text('开始答题')");
        await page.WaitForURLAsync(new Regex(@"/m/quizzes/attempts/\d+$"));
        var questions = page.Locator("fieldset[data-question]");
        (await questions.CountAsync()).ShouldBe(2);
        for (var i = 0; i < 2; i++)
        {
            var fieldset = questions.Nth(i);
            var text = await fieldset.InnerTextAsync();
            var answer = text.Contains("会费", StringComparison.Ordinal) ? "2" : "1";
            await fieldset.Locator($"input[value='{answer}']").CheckAsync();
        }
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await page.ClickAsync("button:has-text('交卷')");
        await page.WaitForSelectorAsync("[data-score]");
        (await page.Locator("[data-score]").GetAttributeAsync("data-score")).ShouldBe("2");
        (await page.Locator("[data-score]").InnerTextAsync()).ShouldContain("已及格");
        (await page.Locator("[data-reviewed]").CountAsync()).ShouldBe(2);

        // 3. Staff see the member first on the leaderboard; the stored attempt agrees.
        await staff.GotoAsync($"/console/quizzes/{quizId}");
        var first = await staff.Locator("[data-rank='1']").InnerTextAsync();
        first.ShouldContain(member.Name);
        first.ShouldContain("2/2");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from quizzes.attempts where quiz_id = @quizId and member_id = @m and passed", new { quizId, m = member.Id }))
            .ShouldBe(1);
    }

    private static async Task AddQuestionAsync(IPage staff, string kind, string text, string[] options, int correct)
    {
        var before = await staff.Locator("[data-question]").CountAsync();
        await staff.SelectOptionAsync("#q-kind", kind);
        await staff.FillAsync("#q-text", text);
        var inputs = staff.Locator("#add input[name=option]");
        for (var i = 0; i < options.Length; i++) await inputs.Nth(i).FillAsync(options[i]);
        await staff.Locator($"#add input[name=correct][value='{correct}']").CheckAsync();
        await staff.ClickAsync("#add button.primary");
        await staff.WaitForFunctionAsync($"document.querySelectorAll('[data-question]').length > {before}");
    }
}
