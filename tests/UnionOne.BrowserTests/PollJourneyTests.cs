using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Playwright;
using UnionOne.BrowserTests.Infrastructure;

namespace UnionOne.BrowserTests;

/// <summary>
/// A union poll (职工投票) in Chromium: staff publish it from the console, two members vote on their phones, a second vote sent from a
/// tab opened before the first one is refused and counts nothing, and the live results and turnout agree with the ballots stored.
/// </summary>
public sealed class PollJourneyTests(DemoBrowserApp app) : IClassFixture<DemoBrowserApp>
{
    [Fact]
    public async Task Publish_vote_on_the_phone_refuse_a_second_vote_and_count_once()
    {
        var a = await app.JiaojiangMemberAsync(51);
        var b = await app.JiaojiangMemberAsync(52);

        // 1. District staff publish a single-choice poll with live results.
        await using var desk = await app.DesktopAsync();
        var staff = await desk.SignedInStaffAsync();
        await staff.GotoAsync("/console/polls");
        await staff.FillAsync("#p-q", "浏览器测试：明年职工福利优先办哪件事？");
        await staff.FillAsync("#p-o", "加强食堂管理\n增加通勤班车\n建设职工书屋");
        await staff.FillAsync("#p-m", "1");
        await staff.SelectOptionAsync("#p-v", "live");
        await staff.ClickAsync("#publish button.primary");
        await staff.WaitForURLAsync(new Regex(@"/console/polls/\d+\?published=1"));
        var id = staff.IdInPath();

        // 2. Member A opens the poll in two tabs, votes in the first, then sends the second tab's form: refused, nothing counted twice.
        await using var phoneA = await app.PhoneAsync();
        var first = await app.SignedInMemberAsync(phoneA, a.Phone);
        await first.GotoAsync("/m/polls");
        await first.ClickAsync($"[data-poll='{id}']");
        await first.WaitForURLAsync(new Regex($"/m/polls/{id}$"));
        var second = await phoneA.NewPageAsync();
        await second.GotoAsync($"/m/polls/{id}");
        await first.CheckAsync("input[name=choices][value='2']");
        await first.ClickAsync("button:has-text('投票')");
        await first.WaitForURLAsync(new Regex(@"voted=1"));
        var mine = await first.Locator("main").InnerTextAsync();
        mine.ShouldContain("投票成功");
        mine.ShouldContain("您的选择：增加通勤班车");
        (await first.Locator("[data-option='2']").InnerTextAsync()).ShouldContain("1票");
        (await first.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

        await second.CheckAsync("input[name=choices][value='3']");
        await second.ClickAsync("button:has-text('投票')");
        await second.WaitForSelectorAsync(".alert");
        (await second.Locator(".alert").InnerTextAsync()).ShouldContain("每人只能投一次");

        // 3. Member B votes for the first option.
        await using var phoneB = await app.PhoneAsync();
        var other = await app.SignedInMemberAsync(phoneB, b.Phone);
        await other.GotoAsync($"/m/polls/{id}");
        await other.CheckAsync("input[name=choices][value='1']");
        await other.ClickAsync("button:has-text('投票')");
        await other.WaitForURLAsync(new Regex(@"voted=1"));

        // 4. Staff see two voters, one vote each for options 1 and 2, none for 3; the ballots stored say the same.
        await staff.GotoAsync($"/console/polls/{id}");
        (await staff.Locator("main").InnerTextAsync()).ShouldContain("共2人投票");
        (await staff.Locator("[data-option='1']").InnerTextAsync()).ShouldContain("1票");
        (await staff.Locator("[data-option='2']").InnerTextAsync()).ShouldContain("1票");
        (await staff.Locator("[data-option='3']").InnerTextAsync()).ShouldContain("0票");
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from polls.ballots where poll_id = @id", new { id })).ShouldBe(2);
        (await conn.ExecuteScalarAsync<long>("select count(*) from polls.ballots where poll_id = @id and member_id = @m", new { id, m = a.Id })).ShouldBe(1);
    }
}
