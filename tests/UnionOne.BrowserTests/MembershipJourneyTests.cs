using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionOne.BrowserTests.Infrastructure;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;

namespace UnionOne.BrowserTests;

/// <summary>
/// The foundation's "done when": a worker files a join request from a phone-sized page, the demo district staff
/// member signs in and approves it, and the worker sees the membership card. Real Chromium, real PostgreSQL.
/// </summary>
public sealed partial class MembershipJourneyTests(DemoBrowserApp app) : IClassFixture<DemoBrowserApp>
{
    [Fact]
    public async Task Worker_joins_from_a_phone_staff_approves_and_the_card_shows_the_membership()
    {
        var (joinCode, unionName) = await GrassrootsUnionUnderJiaojiangAsync();
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var idNumber = NewIdNumber();
        const string name = "林晓燕";

        // 1. The worker scans the union's join code: sign in by SMS code first, then the real-name form.
        await using var phoneContext = await app.PhoneAsync();
        var worker = await phoneContext.NewPageAsync();
        await worker.GotoAsync($"/join/{joinCode}");
        worker.Url.ShouldContain("/m/sign-in");
        await worker.FillAsync("#phone", phone);
        await worker.ClickAsync("button:has-text('获取验证码')");
        await worker.FillAsync("#code", await LatestCodeAsync(phone));
        await worker.ClickAsync("button:has-text('登录')");
        await worker.WaitForURLAsync($"**/join/{joinCode}");
        (await worker.ContentAsync()).ShouldContain(unionName);

        await worker.FillAsync("#name", name);
        await worker.FillAsync("#idNumber", idNumber);
        await worker.FillAsync("#phone", phone);
        await worker.SelectOptionAsync("#jobType", new SelectOptionValue { Label = "企业职工" });
        await worker.ClickAsync("button:has-text('提交申请')");
        try
        {
            await worker.WaitForURLAsync("**/m/requests**");
        }
        catch (TimeoutException)
        {
            // Say what the page showed instead of the redirect (a field error, an alert), not only that time ran out.
            throw new InvalidOperationException($"No redirect after submitting the join form; the page at {worker.Url} showed:\n" +
                await worker.Locator("main").InnerTextAsync() + "\nLogged errors:\n" + app.Errors);
        }
        (await worker.Locator("main").InnerTextAsync()).ShouldContain("待审核");
        (await worker.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);

        // 2. The district's demo staff member signs in on a desktop and approves the request.
        await using var desk = await app.DesktopAsync();
        var staff = await desk.NewPageAsync();
        await staff.GotoAsync("/console/sign-in");
        await staff.FillAsync("#user-name", DemoBrowserApp.DistrictStaff);
        await staff.FillAsync("#password", DemoBrowserApp.DemoPassword);
        await staff.ClickAsync("button:has-text('登录')");
        await staff.WaitForURLAsync(new Regex("/console"));
        await staff.GotoAsync("/console/joins");
        var row = staff.Locator("tr", new PageLocatorOptions { HasText = name });
        (await row.InnerTextAsync()).ShouldNotContain(idNumber); // masked on screen
        await row.Locator("button:has-text('批准')").ClickAsync();
        var notice = await staff.Locator(".notice").InnerTextAsync();
        notice.ShouldContain("已批准入会");

        // 3. The worker opens the membership card.
        await worker.GotoAsync("/m/card");
        var card = await worker.Locator(".member-card").InnerTextAsync();
        card.ShouldContain(name);
        card.ShouldContain(unionName);
        MemberNumber().IsMatch(card).ShouldBeTrue(card);
        card.ShouldNotContain(idNumber);
    }

    private async Task<(string JoinCode, string Name)> GrassrootsUnionUnderJiaojiangAsync()
    {
        await using var conn = await app.OpenAsync();
        return await conn.QueryFirstAsync<(string, string)>("""
            select u.join_code, u.name from org.unions u
            join org.unions d on u.path <@ d.path
            where d.name = '椒江区总工会' and u.level = 5 and u.status = 1
            order by u.id limit 1
            """);
    }

    private async Task<string> LatestCodeAsync(string phone)
    {
        var hash = app.Services.GetRequiredService<IPersonalDataCipher>().LookupHash(PersonalDataPurposes.Phone, phone);
        await using var conn = await app.OpenAsync();
        var body = await conn.QueryFirstAsync<string>("select body from messaging.sms_outbox where phone_hash = @hash order by id desc limit 1", new { hash });
        return SixDigits().Match(body).Value;
    }

    private static string NewIdNumber()
    {
        var first17 = "331002" + "19900315" + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return first17 + ResidentIdNumber.CheckCharacter(first17);
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"M\d{10}")]
    private static partial Regex MemberNumber();
}
