using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Playwright;
using UnionOne.BrowserTests.Infrastructure;
using UnionOne.Platform.Security;

namespace UnionOne.BrowserTests;

/// <summary>
/// Issue 3's "done when" in Chromium. The code: district staff register a gate at a station, the gate page signs in with the
/// device credential, a demo member opens the card on a phone, the gate admits the typed code once and refuses the replay.
/// Booking: staff open a room for booking; of two members looking at the same slot, the second cannot take it.
/// </summary>
public sealed partial class PlacesJourneyTests(DemoBrowserApp app) : IClassFixture<DemoBrowserApp>
{
    [Fact]
    public async Task A_member_s_card_code_admits_at_the_gate_page_once_and_the_replay_is_refused()
    {
        var (memberId, phone, name, placeId) = await DemoMemberAndStationAsync();

        // 1. District staff register the station's gate and note the credential shown once.
        await using var desk = await app.DesktopAsync();
        var staff = await desk.SignedInStaffAsync();
        await staff.GotoAsync($"/console/devices?placeId={placeId}");
        await staff.FillAsync("#device-name", "驿站东门闸机");
        await staff.ClickAsync("button:has-text('登记')");
        var credential = (await staff.Locator("[data-credential]").TextContentAsync())!.Trim();
        credential.ShouldContain(".");

        // 2. The gate's browser signs in once with the credential.
        await using var gateContext = await app.PhoneAsync();
        var gate = await gateContext.NewPageAsync();
        await gate.GotoAsync("/gate");
        gate.Url.ShouldContain("/gate/sign-in");
        await gate.FillAsync("#credential", credential);
        await gate.ClickAsync("button:has-text('登录')");
        await gate.WaitForURLAsync(new Regex("/gate$"));

        // 3. The member signs in on a phone and opens the card with the live code.
        await using var phoneContext = await app.PhoneAsync();
        var member = await phoneContext.NewPageAsync();
        await member.GotoAsync("/m/sign-in");
        await member.FillAsync("#phone", phone);
        await member.ClickAsync("button:has-text('获取验证码')");
        await member.FillAsync("#code", await app.LatestSignInCodeAsync(phone));
        await member.ClickAsync("button:has-text('登录')");
        await member.GotoAsync("/m/card");
        (await member.Locator("#member-code svg").CountAsync()).ShouldBe(1);
        var code = (await member.Locator("[data-code]").TextContentAsync())!.Trim();
        code.ShouldStartWith("UC1.");
        (await member.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

        // 4. The gate admits the code once, showing the masked name, and refuses the same code again.
        // The page first checks the server can be reached (else it answers offline), then posts: wait for the answer.
        await gate.FillAsync("#code", code);
        await gate.ClickAsync("button:has-text('核验')");
        await gate.WaitForSelectorAsync(".gate-answer[data-result='admitted']");
        var admitted = await gate.Locator(".gate-answer").InnerTextAsync();
        admitted.ShouldContain("准许通行");
        admitted.ShouldContain(Mask.Name(name));
        (await gate.Locator(".gate-answer.admit").CountAsync()).ShouldBe(1);
        // The stylesheet really applies: the big answer is green.
        (await gate.EvaluateAsync<string>("getComputedStyle(document.querySelector('.gate-answer')).backgroundColor")).ShouldBe("rgb(21, 128, 61)");

        await gate.FillAsync("#code", code);
        await gate.ClickAsync("button:has-text('核验')");
        await gate.WaitForSelectorAsync(".gate-answer[data-result='already_used']");
        var replay = await gate.Locator(".gate-answer").InnerTextAsync();
        replay.ShouldContain("禁止通行");
        replay.ShouldContain("已在此使用过");

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.access_events where place_id = @placeId and member_id = @memberId and admitted",
            new { placeId, memberId })).ShouldBe(1);

        // 5. The station's network goes out: the gate page decides in the browser with the signed bundle it keeps,
        //    refuses the replay, and uploads both answers when the network is back.
        await gate.WaitForFunctionAsync("() => document.querySelector('form.gate-form').dataset.bundleReady === 'true'");
        await member.ReloadAsync();
        var fresh = (await member.Locator("[data-code]").TextContentAsync())!.Trim();
        fresh.ShouldNotBe(code);
        await gateContext.SetOfflineAsync(true);
        await gate.FillAsync("#code", fresh);
        await gate.ClickAsync("button:has-text('核验')");
        await gate.WaitForSelectorAsync(".gate-answer[data-offline='true'][data-result='admitted']");
        (await gate.Locator(".gate-answer").InnerTextAsync()).ShouldContain("离线核验");
        await gate.FillAsync("#code", fresh);
        await gate.ClickAsync("button:has-text('核验')");
        await gate.WaitForSelectorAsync(".gate-answer[data-offline='true'][data-result='already_used']");
        (await gate.Locator(".gate-answer").InnerTextAsync()).ShouldContain("禁止通行");

        await gateContext.SetOfflineAsync(false);
        await gate.WaitForFunctionAsync("() => document.querySelector('form.gate-form').dataset.uploaded === '2'");
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.access_events where place_id = @placeId and member_id = @memberId and admitted",
            new { placeId, memberId })).ShouldBe(2);
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.access_events where place_id = @placeId and member_id = @memberId and reason = 'already_used'",
            new { placeId, memberId })).ShouldBe(2);
    }

    [Fact]
    public async Task A_member_books_a_slot_and_a_second_member_looking_at_the_same_slot_cannot_take_it()
    {
        var (_, firstPhone, _, placeId) = await DemoMemberAndStationAsync(offset: 11);
        var (_, secondPhone, _, _) = await DemoMemberAndStationAsync(offset: 12, withPlace: false);

        // Staff open a tea room for booking at the station.
        await using var desk = await app.DesktopAsync();
        var staff = await desk.SignedInStaffAsync();
        await staff.GotoAsync($"/console/bookings/resources?place={placeId}");
        await staff.FillAsync("#r-place", placeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await staff.FillAsync("#r-name", "共享茶室");
        await staff.ClickAsync("button:has-text('新建')");
        await using var conn = await app.OpenAsync();
        long resourceId = 0;
        for (var i = 0; i < 50 && resourceId == 0; i++)
        {
            resourceId = await conn.ExecuteScalarAsync<long?>("select id from bookings.resources where place_id = @placeId", new { placeId }) ?? 0;
            if (resourceId == 0) await Task.Delay(100);
        }
        resourceId.ShouldBeGreaterThan(0);

        // Two members open tomorrow's slots at the same time; the first books 10:00, the second then tries the same slot.
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var url = $"/places/{placeId}/book?resource={resourceId}&day={tomorrow}";
        await using var firstPhoneContext = await app.PhoneAsync();
        var first = await app.SignedInMemberAsync(firstPhoneContext, firstPhone);
        await using var secondPhoneContext = await app.PhoneAsync();
        var second = await app.SignedInMemberAsync(secondPhoneContext, secondPhone);
        await first.GotoAsync(url);
        await second.GotoAsync(url);
        var slot = first.Locator(".card[data-slot]", new PageLocatorOptions { HasText = "10:00" }).First;
        var slotId = await slot.GetAttributeAsync("data-slot");
        await slot.Locator("button").ClickAsync();
        (await first.Locator("main").InnerTextAsync()).ShouldContain("预约成功");

        await second.Locator($".card[data-slot='{slotId}'] button").ClickAsync();
        (await second.Locator("main").InnerTextAsync()).ShouldContain("该时段已被其他会员预约");
        (await second.Locator($".card[data-slot='{slotId}'] button").CountAsync()).ShouldBe(0);
        (await conn.ExecuteScalarAsync<long>("select count(*) from bookings.bookings where slot_id = @slotId", new { slotId = long.Parse(slotId!, System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
        (await second.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
    }

    private async Task<(long MemberId, string Phone, string Name, long PlaceId)> DemoMemberAndStationAsync(int offset = 7, bool withPlace = true)
    {
        var member = await app.JiaojiangMemberAsync(offset);
        await using var conn = await app.OpenAsync();
        var districtId = await conn.ExecuteScalarAsync<long>("select id from org.unions where name = '椒江区总工会'");
        var placeId = !withPlace ? 0 : await conn.ExecuteScalarAsync<long>("""
            insert into places.places (union_id, kind, name, address, latitude, longitude, open_24h, capacity)
            values (@districtId, 4, '浏览器测试户外劳动者驿站', '台州市椒江区测试路8号', 28.66, 121.43, true, 20) returning id
            """, new { districtId });
        return (member.Id, member.Phone, member.Name, placeId);
    }
}
