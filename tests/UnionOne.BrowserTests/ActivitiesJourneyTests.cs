using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Playwright;
using UnionOne.BrowserTests.Infrastructure;

namespace UnionOne.BrowserTests;

/// <summary>
/// Issue 5's activities "done when" in Chromium: staff publish an activity with one seat, member A signs up from the phone page,
/// member B lands on the waitlist, A cancels, B is promoted, and B's member code checks in at the staff scan page.
/// </summary>
public sealed class ActivitiesJourneyTests(DemoBrowserApp app) : IClassFixture<DemoBrowserApp>
{
    [Fact]
    public async Task Publish_sign_up_waitlist_cancel_promote_and_check_in_by_code()
    {
        var a = await app.JiaojiangMemberAsync(31);
        var b = await app.JiaojiangMemberAsync(32);

        // 1. District staff publish an activity with one seat.
        await using var desk = await app.DesktopAsync();
        var staff = await desk.SignedInStaffAsync();
        await staff.GotoAsync("/console/activities/new");
        var start = DateTime.UtcNow.AddHours(8).AddDays(3).Date.AddHours(19);
        static string Local(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        await staff.SelectOptionAsync("#kind", "3");
        await staff.FillAsync("#title", "达工影院：浏览器测试专场");
        await staff.FillAsync("#startsAt", Local(start));
        await staff.FillAsync("#endsAt", Local(start.AddHours(2)));
        await staff.FillAsync("#placeText", "椒江区工人文化宫影剧院");
        await staff.FillAsync("#capacity", "1");
        await staff.FillAsync("#signupClosesAt", Local(start.AddHours(-2)));
        await staff.ClickAsync("button:has-text('立即发布')");
        await staff.ReachAsync(new Regex(@"/console/activities/\d+\?created=1"));
        var id = staff.IdInPath();

        // 2. Member A signs up on the phone; member B lands on the waitlist.
        await using var phoneA = await app.PhoneAsync();
        var pageA = await app.SignedInMemberAsync(phoneA, a.Phone);
        await pageA.GotoAsync("/m/activities");
        await pageA.ClickAsync($"[data-activity='{id}']");
        await pageA.ClickAsync("[data-sign-up]");
        await pageA.ReachAsync(new Regex(@"done=signed-up"));
        (await pageA.Locator("[data-status]").GetAttributeAsync("data-status")).ShouldBe("confirmed");
        (await pageA.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

        await using var phoneB = await app.PhoneAsync();
        var pageB = await app.SignedInMemberAsync(phoneB, b.Phone);
        await pageB.GotoAsync($"/m/activities/{id}");
        (await pageB.Locator("[data-sign-up]").InnerTextAsync()).ShouldContain("加入候补");
        await pageB.ClickAsync("[data-sign-up]");
        await pageB.ReachAsync(new Regex(@"done=signed-up"));
        (await pageB.Locator("[data-status]").GetAttributeAsync("data-status")).ShouldBe("waitlisted");

        // 3. A cancels from "my sign-ups"; B is promoted.
        await pageA.GotoAsync("/m/activities/mine");
        await pageA.ClickAsync("button:has-text('取消报名')");
        await pageA.ReachAsync(new Regex(@"cancelled=\d+"));
        await pageB.GotoAsync($"/m/activities/{id}");
        (await pageB.Locator("[data-status]").GetAttributeAsync("data-status")).ShouldBe("confirmed");

        // 4. B shows the member code; staff check B in at the scan page.
        await pageB.GotoAsync("/m/card");
        var code = (await pageB.Locator("[data-code]").TextContentAsync())!.Trim();
        await staff.GotoAsync($"/console/activities/{id}/check-in");
        await staff.FillAsync("#code", code);
        await staff.ClickAsync("form button.primary");
        await staff.WaitForSelectorAsync("[data-check-in]");
        (await staff.Locator("[data-check-in]").GetAttributeAsync("data-check-in")).ShouldBe("ok", await AlertsAsync(staff));
        (await staff.Locator("[data-check-in]").InnerTextAsync()).ShouldContain(b.Name);

        await using var conn = await app.OpenAsync();
        (await conn.QueryAsync<(long, short)>("select member_id, status from activities.signups where activity_id = @id order by id", new { id }))
            .ShouldBe([(a.Id, (short)3), (b.Id, (short)4)]);
    }


    private static async Task<string> AlertsAsync(IPage page) => string.Join(" | ", await page.Locator(".alert, .error").AllInnerTextsAsync());
}
