using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionOne.BrowserTests.Infrastructure;

namespace UnionOne.BrowserTests;

/// <summary>
/// A subsidy lottery in Chromium: staff publish it from the console naming a public random value, a member applies on the phone,
/// the window closes, staff draw with the announced value, the member sees their place, and anyone re-runs the draw on the public page.
/// </summary>
public sealed class SubsidyJourneyTests(DemoBrowserApp app) : IClassFixture<DemoBrowserApp>
{
    private const string Source = "浏览器测试：次日体育彩票排列5开奖号码";

    [Fact]
    public async Task Publish_apply_on_the_phone_draw_with_the_public_value_and_verify()
    {
        var member = await app.JiaojiangMemberAsync(41);

        // 1. District staff publish a lottery with one slot, naming the public random value.
        await using var desk = await app.DesktopAsync();
        var staff = await desk.SignedInStaffAsync();
        await staff.GotoAsync("/console/subsidy-events/new");
        var now = DateTime.UtcNow.AddHours(8);
        await staff.FillAsync("#s-name", "浏览器测试家电补贴专场");
        await staff.FillAsync("#s-venue", "椒江区职工服务中心");
        await staff.SelectOptionAsync("#s-mode", "lottery");
        await staff.FillAsync("#s-opens", now.AddMinutes(-5).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await staff.FillAsync("#s-closes", now.AddDays(2).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        await staff.FillAsync("#s-days", "1");
        await staff.FillAsync("#s-per", "1");
        await staff.FillAsync("#s-cap2", "5");
        await staff.FillAsync("#s-beacon", Source);
        await staff.ClickAsync("button:has-text('发布')");
        await staff.ReachAsync(new Regex(@"/console/subsidy-events/\d+\?created=1"));
        var id = staff.IdInPath();
        (await staff.Locator("main").InnerTextAsync()).ShouldContain(Source);

        // 2. The member applies from the phone page and sees the source the draw will use.
        await using var phone = await app.PhoneAsync();
        var page = await app.SignedInMemberAsync(phone, member.Phone);
        await page.GotoAsync($"/m/subsidy-events/{id}");
        (await page.Locator("main").InnerTextAsync()).ShouldContain(Source);
        await page.ClickAsync("form button.primary:has-text('报名')");
        await page.WaitForSelectorAsync("[data-testid=mine]");
        (await page.Locator("[data-testid=mine]").InnerTextAsync()).ShouldContain("等待抽签");
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

        // 3. The window closes (moved into the past, the cached row forgotten); staff draw with the announced value.
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update subsidy.events set apply_opens_at = now() - interval '2 hours', apply_closes_at = now() - interval '1 minute' where id = @id",
                new { id });
        app.Services.GetRequiredService<IMemoryCache>().Remove(("subsidy.event", id));
        await staff.GotoAsync($"/console/subsidy-events/{id}");
        await staff.ClickAsync("button:has-text('开始抽签')");
        await staff.WaitForSelectorAsync(".error[data-field=beaconValue]");
        (await staff.Locator("main").InnerTextAsync()).ShouldContain("请填写发布时指定的公开随机数");
        await staff.FillAsync("#beaconValue", "3 0 7 1 2");
        await staff.ClickAsync("button:has-text('开始抽签')");
        await staff.WaitForSelectorAsync("[data-testid=beacon]");
        var console = await staff.Locator("main").InnerTextAsync();
        console.ShouldContain("抽签完成");
        (await staff.Locator("[data-testid=beacon]").InnerTextAsync()).ShouldBe("30712");

        // 4. The member has a place; anyone re-runs the draw with the published seed.
        await page.GotoAsync($"/m/subsidy-events/{id}");
        (await page.Locator("[data-testid=mine]").InnerTextAsync()).ShouldContain("已获得入场名额");
        await using var visitor = await app.PhoneAsync();
        var pub = await visitor.NewPageAsync();
        await pub.GotoAsync($"/subsidy-events/{id}/draw");
        (await pub.Locator("[data-testid=beacon]").InnerTextAsync()).ShouldBe("30712");
        await pub.FillAsync("#seed", (await pub.Locator("[data-testid=seed]").InnerTextAsync()).Trim());
        await pub.ClickAsync("button:has-text('重新抽签并比对')");
        await pub.WaitForSelectorAsync("[data-testid=verify]");
        (await pub.Locator("[data-testid=verify]").InnerTextAsync()).ShouldContain("验证通过");
        (await pub.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
    }
}
