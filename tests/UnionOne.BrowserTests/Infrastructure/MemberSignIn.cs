using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionOne.Platform.Security;

namespace UnionOne.BrowserTests.Infrastructure;

/// <summary>A member signing in on a phone as members do: phone number, the one-time code from the SMS outbox, then in.</summary>
public static partial class MemberSignIn
{
    public static async Task<IPage> SignedInMemberAsync(this BrowserApp app, IBrowserContext context, string phone)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/m/sign-in");
        await page.FillAsync("#phone", phone);
        await page.ClickAsync("button:has-text('获取验证码')");
        await page.FillAsync("#code", await app.LatestSignInCodeAsync(phone));
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync(new Regex("/m/"));
        return page;
    }

    /// <summary>The six-digit code of the latest SMS sent to the phone (development outbox).</summary>
    public static async Task<string> LatestSignInCodeAsync(this BrowserApp app, string phone)
    {
        var hash = app.Services.GetRequiredService<IPersonalDataCipher>().LookupHash(PersonalDataPurposes.Phone, phone);
        await using var conn = await app.OpenAsync();
        for (var i = 0; i < 20; i++)
        {
            var body = await conn.QueryFirstOrDefaultAsync<string>("select body from messaging.sms_outbox where phone_hash = @hash order by id desc limit 1", new { hash });
            if (body is not null) return SixDigits().Match(body).Value;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("no sign-in code was sent");
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
