using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionOne.Platform.Security;

namespace UnionOne.BrowserTests.Infrastructure;

/// <summary>Staff signing in to the console as they do, and the demo members the journeys act as.</summary>
public static class StaffSignIn
{
    /// <summary>A new console page of <paramref name="context"/>, signed in; fails with the page's text when sign-in does not get through.</summary>
    public static async Task<IPage> SignedInStaffAsync(this IBrowserContext context, string userName = DemoBrowserApp.DistrictStaff,
        string password = DemoBrowserApp.DemoPassword)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/sign-in");
        await page.FillAsync("#user-name", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button:has-text('登录')");
        try
        {
            await page.WaitForURLAsync(new Regex("/console(?!/sign-in)"), new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{userName} did not get past sign-in: {await page.InnerTextAsync("main")}");
        }
        return page;
    }

    /// <summary>The active demo member at <paramref name="offset"/> (by id) under 椒江区总工会, with the phone they sign in with.</summary>
    public static async Task<(long Id, string Phone, string Name)> JiaojiangMemberAsync(this BrowserApp app, int offset)
    {
        await using var conn = await app.OpenAsync();
        var member = await conn.QueryFirstAsync<(long Id, byte[] PhoneEnc, string Name)>("""
            select m.id, m.phone_enc, m.name from members.members m
            join org.unions u on u.id = m.union_id join org.unions d on u.path <@ d.path
            where d.name = '椒江区总工会' and m.status = 1 order by m.id limit 1 offset @offset
            """, new { offset });
        return (member.Id, app.Services.GetRequiredService<IPersonalDataCipher>().Decrypt(PersonalDataPurposes.Phone, member.PhoneEnc), member.Name);
    }
}
