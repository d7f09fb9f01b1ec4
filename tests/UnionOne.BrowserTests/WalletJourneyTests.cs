using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UnionOne.BrowserTests.Infrastructure;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.BrowserTests;

/// <summary>
/// Issue 4's "done when" in Chromium, on the demo city: the city chair tops up 玉环市总工会's welfare fund and prepares a
/// birthday-cake disbursement for the members born this month; a second staff member approves it; a member sees the money
/// with its purpose and expiry on the phone, shows the payment code at the demo cake shop's till page, the till takes the
/// payment at the shop's 八五折 and shows the receipt; the chair records the shop's bank account and prepares a settlement,
/// the second staff member approves it, and the reconciliation page says the books balance.
/// </summary>
public sealed partial class WalletJourneyTests(DemoBrowserApp app) : IClassFixture<DemoBrowserApp>
{
    private const string BakeryTill = "1.demo-till-bakery-2026";

    [Fact]
    public async Task A_birthday_benefit_is_disbursed_approved_spent_at_a_till_and_settled_and_the_books_balance()
    {
        await using var conn = await app.OpenAsync();
        var yuhuan = await conn.ExecuteScalarAsync<long>("select id from org.unions where name = '玉环市总工会' and status = 1");
        var bakery = await conn.ExecuteScalarAsync<long>("select merchant_id from merchants.tills where id = 1");
        var member = await conn.QueryFirstAsync<(long Id, byte[] PhoneEnc, DateTime Birth)>("""
            select m.id, m.phone_enc, m.birth_date::timestamp from members.members m
            join org.unions u on u.id = m.union_id join org.unions y on u.path <@ y.path
            where y.id = @yuhuan and m.status = 1 order by m.id limit 1
            """, new { yuhuan });
        var phone = app.Services.GetRequiredService<IPersonalDataCipher>().Decrypt(PersonalDataPurposes.Phone, member.PhoneEnc);
        var reviewer = TestActors.Unique("yuhuan_reviewer");
        await app.CreateStaffAsync(reviewer, "Reviewer-2026-union!", (yuhuan, StaffRole.Officer));
        var balanceBefore = await app.Services.GetRequiredService<ILedger>().BalanceAsync(AccountRef.Member(member.Id));

        // 1. The city chair brings ¥100,000 into 玉环市总工会's welfare fund and prepares the birthday disbursement.
        await using var desk = await app.DesktopAsync();
        var chair = await desk.SignedInStaffAsync("city_admin");
        await chair.GotoAsync($"/console/wallet?unionId={yuhuan}");
        await chair.SelectOptionAsync("#unionId", yuhuan.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await chair.FillAsync("#amount", "100000");
        await chair.FillAsync("#memo", "2026年生日慰问专项");
        await chair.ClickAsync("button:has-text('确认拨入')");
        await chair.WaitForSelectorAsync(".notice");

        await chair.GotoAsync($"/console/wallet/disbursements/new?unionId={yuhuan}");
        await chair.FillAsync("#s-title", "2026年生日蛋糕（浏览器测试）");
        await chair.FillAsync("#s-purpose", "生日蛋糕");
        await chair.FillAsync("#s-amount", "100");
        await chair.FillAsync("#s-validDays", "60");
        await chair.CheckAsync("#selection input[name=Categories][value=bakery]");
        await chair.SelectOptionAsync("#birthMonth", member.Birth.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await chair.ClickAsync("#selection button[value=create]");
        await ArriveAsync(chair, @"/console/wallet/disbursements/\d+(\?|$)");
        var disbursementUrl = new Uri(chair.Url).AbsolutePath;
        await chair.ClickAsync("button:has-text('提交复核')");
        await chair.WaitForSelectorAsync("text=您是本次发放的创建人");

        // 2. The second staff member approves; the progress page refreshes itself until every member is credited.
        await using var reviewDesk = await app.DesktopAsync();
        var second = await reviewDesk.SignedInStaffAsync(reviewer, "Reviewer-2026-union!");
        await second.GotoAsync(disbursementUrl);
        await second.ClickAsync("button:has-text('复核通过并发放')");
        await second.WaitForSelectorAsync("text=全部发放到会员个人专户", new() { Timeout = 60_000 });

        // 3. The member sees the money, its purpose and expiry, and opens the payment code.
        await using var phoneContext = await app.PhoneAsync();
        var phonePage = await app.SignedInMemberAsync(phoneContext, phone);
        await phonePage.GotoAsync("/m/wallet");
        (await phonePage.Locator(".wallet-balance [data-balance]").GetAttributeAsync("data-balance")).ShouldBe((balanceBefore + 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var funds = await phonePage.Locator("[data-fund]").AllInnerTextsAsync();
        funds.ShouldContain(f => f.Contains("生日蛋糕") && f.Contains("¥100.00") && f.Contains("有效期至") && f.Contains("蛋糕烘焙"));
        (await phonePage.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await phonePage.GotoAsync("/m/wallet/pay");
        (await phonePage.Locator("#payment-code svg").CountAsync()).ShouldBe(1);
        var code = (await phonePage.Locator("[data-code]").TextContentAsync())!.Trim();
        code.ShouldStartWith("UP1.");

        // 4. The cake shop's till takes ¥50.00 at 八五折: the member pays ¥42.50, both sides see the receipt.
        await using var tillContext = await app.PhoneAsync();
        var till = await tillContext.NewPageAsync();
        await till.GotoAsync("/till/login");
        await till.FillAsync("#credential", BakeryTill);
        await till.ClickAsync("button:has-text('登录')");
        await till.WaitForURLAsync(new Regex("/till$"));
        await till.FillAsync("#code", code);
        await till.FillAsync("#amount", "50");
        await till.ClickAsync("button:has-text('收款')");
        await till.WaitForSelectorAsync("text=收款成功");
        (await till.Locator(".receipt [data-paid]").GetAttributeAsync("data-paid")).ShouldBe("4250");

        await phonePage.GotoAsync("/m/wallet");
        (await phonePage.Locator(".wallet-balance [data-balance]").GetAttributeAsync("data-balance")).ShouldBe((balanceBefore + 5_750).ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await phonePage.Locator("[data-payment]").First.InnerTextAsync()).ShouldContain("-¥42.50");

        // 5. The next day (only days that have ended are settled: the payment is moved one day back, as time would),
        //    the chair records the shop's bank account and prepares a settlement; the second staff member approves it.
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync("set local session_replication_role = replica", transaction: tx);
            await conn.ExecuteAsync("""
                update wallet.transfers t set created_at = t.created_at - interval '1 day' from wallet.payments p where p.merchant_id = @bakery and t.id = p.transfer_id;
                update wallet.payments set created_at = created_at - interval '1 day' where merchant_id = @bakery;
                """, new { bakery }, tx);
            await tx.CommitAsync();
        }
        await chair.GotoAsync($"/console/wallet/settlement/merchants/{bakery}/payee");
        await chair.FillAsync("#accountName", "玉环麦香园蛋糕店");
        await chair.FillAsync("#bankName", "中国工商银行玉环支行");
        await chair.FillAsync("#accountNumber", "6222021207001234567");
        await chair.ClickAsync("button:has-text('保存')");
        await chair.GotoAsync($"/console/wallet/settlement?unionId={yuhuan}");
        await chair.FillAsync("#cutoffDay", DateTime.UtcNow.AddHours(8).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await chair.ClickAsync("button:has-text('生成结算批次')");
        await ArriveAsync(chair, @"/console/wallet/settlement/runs/\d+(\?|$)");
        var runUrl = new Uri(chair.Url).AbsolutePath;
        await second.GotoAsync(runUrl);
        await second.ClickAsync("button:has-text('复核通过并入账')");
        await second.WaitForSelectorAsync("[data-download='bank-file']");

        await chair.GotoAsync($"/console/wallet/reconciliation?unionId={yuhuan}");
        (await chair.Locator("[data-balanced]").First.GetAttributeAsync("data-balanced")).ShouldBe("true");
        var broken = await conn.QueryAsync<(string Rule, long Violations)>("select rule, violations from wallet.check_invariants() where violations <> 0");
        broken.ShouldBeEmpty();
        (await conn.ExecuteScalarAsync<long>("select balance from wallet.accounts where kind = 6 and owner_id = @bakery", new { bakery })).ShouldBeGreaterThanOrEqualTo(4_250);
    }

    /// <summary>Waits for the page to arrive at the URL; when it does not, fails with what the page shows (a field error, an alert).</summary>
    private static async Task ArriveAsync(IPage page, string url)
    {
        try
        {
            await page.WaitForURLAsync(new Regex(url), new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            var messages = await page.Locator(".alert, .notice, .field-error, [class*=error]").AllInnerTextsAsync();
            throw new InvalidOperationException($"stayed at {page.Url}: {string.Join(" | ", messages)}");
        }
    }
}
