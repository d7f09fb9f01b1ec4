using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Hosting;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Settlement;

/// <summary>
/// Payments before and inside the period, partial refunds, expired funds and a settlement; the report must balance to the fen
/// against figures computed here by hand, and show the difference when the ledger holds a posting no business record explains,
/// or lacks one (<see cref="ReconciliationMissingPostingTests"/>).
/// </summary>
public sealed class ReconciliationTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    internal static async Task<(SettlementWorld World, long Cake, long Market)> SceneAsync(UnionOneApp app)
    {
        var w = await SettlementWorld.CreateAsync(app);
        var cake = await w.MerchantAsync(w.Factory, "甜心蛋糕店", MerchantCategory.Bakery, 8500);
        var market = await w.MerchantAsync(w.DistrictB, "乙区惠民超市", MerchantCategory.Supermarket, 9000);
        var early = TestActors.Unique("early-topup");
        await w.Ledger.TransferAsync(new LedgerTransfer(early, TransferKind.FundTopUp, new AccountRef(AccountKind.UnionBank, w.Factory), AccountRef.Fund(w.Factory), 5_000));
        await w.BackdateTransfersAsync(early, 5);
        var members = await w.MembersAsync(w.Factory, 3, 20_000);

        // Before the period (5 days ago): 85.00 at the cake shop.
        var (p0, _) = await w.PayAsync(members[0], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 10_000);
        await w.BackdatePaymentAsync(p0, 5);
        // In the period, 2 days ago: 34.00 at the cake shop, a 10.00 refund of the early payment, 27.00 at the supermarket.
        var (p1, _) = await w.PayAsync(members[1], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 4_000);
        await w.BackdatePaymentAsync(p1, 2);
        var r0 = await w.RefundAsync(p0, cake.MerchantId, cake.TillId, 1_000);
        await w.BackdateRefundAsync(r0, 2);
        var (p2, _) = await w.PayAsync(members[2], w.Factory, market.MerchantId, market.TillId, MerchantCategory.Supermarket, 3_000, 9000);
        await w.BackdatePaymentAsync(p2, 2);
        // Today: a 7.00 refund at the supermarket, then the settlement of everything up to yesterday, then 8.50 at the cake shop.
        await w.RefundAsync(p2, market.MerchantId, market.TillId, 700);
        var preparer = await app.StaffApiAsync(w.Preparer);
        foreach (var id in new[] { cake.MerchantId, market.MerchantId })
            (await preparer.PutAsJsonAsync($"/api/v1/wallet/merchants/{id}/payee", new { accountName = "收款单位" + id, bankName = "玉环农商银行", accountNumber = "6200000000" + id }))
                .StatusCode.ShouldBe(HttpStatusCode.OK);
        var prepare = new HttpRequestMessage(HttpMethod.Post, "/api/v1/wallet/settlement-runs")
        { Content = JsonContent.Create(new { unionId = w.City, cutoffDay = SettlementWorld.Day(SettlementWorld.Today.AddDays(-1)) }) };
        prepare.Headers.Add("Idempotency-Key", TestActors.Unique("rec"));
        var run = await (await preparer.SendAsync(prepare)).Content.ReadFromJsonAsync<JsonElement>();
        var approve = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/wallet/settlement-runs/{run.GetProperty("run").GetProperty("id").GetInt64()}/approve");
        approve.Headers.Add("Idempotency-Key", TestActors.Unique("rec"));
        (await (await app.StaffApiAsync(w.Approver)).SendAsync(approve)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await w.PayAsync(members[1], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 1_000);

        // A birthday voucher of 30.00 that expires at once goes back to the fund.
        await w.TopUpAsync(w.Factory, 3_000);
        await w.Ledger.CreditMembersAsync(TestActors.Unique("cake"), AccountRef.Fund(w.Factory), [members[0]], [3_000],
            new FundTerms("生日蛋糕", [MerchantCategory.Bakery], DateTime.UtcNow.AddMilliseconds(300)), null, "生日福利", null);
        await Task.Delay(600);
        await app.Service<IEnumerable<IHostedService>>().OfType<WalletWorker>().Single().RunOnceAsync(CancellationToken.None);
        return (w, cake.MerchantId, market.MerchantId);
    }

    private static string Period => $"from={SettlementWorld.Day(SettlementWorld.Today.AddDays(-3))}&to={SettlementWorld.Day(SettlementWorld.Today)}";

    [Fact]
    public async Task It_balances_to_the_fen_after_payments_partial_refunds_expiry_and_a_settlement_and_shows_a_posting_without_a_record()
    {
        var (w, cake, market) = await SceneAsync(app);
        var staff = await app.StaffApiAsync(w.Viewer);

        var report = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/wallet/reconciliation?unionId={w.City}&{Period}");

        report.GetProperty("balanced").GetBoolean().ShouldBeTrue();
        var rows = report.GetProperty("merchants").EnumerateArray().ToDictionary(m => m.GetProperty("merchantId").GetInt64());
        // Cake shop: opening 85.00; payments 34.00 + 8.50; refund 10.00; settled 85.00 + 34.00 − 10.00 = 109.00; closing 8.50.
        Figures(rows[cake]).ShouldBe([8_500, 3_400 + 850, 1_000, 10_900, 850, 850, 0]);
        // Supermarket: payment 27.00, refund 7.00 (today, after the cut-off), settled only the 20.00 still owed; closing 0.
        Figures(rows[market]).ShouldBe([0, 2_700, 700, 2_000, 0, 0, 0]);
        Figures(report.GetProperty("merchantTotals")).ShouldBe([8_500, 6_950, 1_700, 12_900, 850, 850, 0]);
        // The ledger agrees: closing receivables are the accounts' balances now.
        var balances = await w.Ledger.BalancesAsync(AccountKind.MerchantReceivable, [cake, market]);
        report.GetProperty("merchantTotals").GetProperty("closing").GetInt64().ShouldBe(balances.Values.Sum());

        // Fund of the factory: 50.00 before; topped up 600.00 + 30.00, disbursed 600.00 + 30.00, 30.00 expired back; 80.00 after.
        var fund = report.GetProperty("funds").EnumerateArray().Single(f => f.GetProperty("unionId").GetInt64() == w.Factory);
        fund.GetProperty("opening").GetInt64().ShouldBe(5_000);
        fund.GetProperty("toppedUp").GetInt64().ShouldBe(63_000);
        fund.GetProperty("disbursed").GetInt64().ShouldBe(63_000);
        fund.GetProperty("expiredReturned").GetInt64().ShouldBe(3_000);
        fund.GetProperty("change").GetInt64().ShouldBe(3_000);
        fund.GetProperty("closing").GetInt64().ShouldBe(8_000);
        fund.GetProperty("difference").GetInt64().ShouldBe(0);
        (await w.Ledger.BalanceAsync(AccountRef.Fund(w.Factory))).ShouldBe(8_000);
        report.GetProperty("invariants").EnumerateArray().ShouldAllBe(i => i.GetProperty("violations").GetInt64() == 0);
        (await (await app.StaffPagesAsync(w.Viewer)).GetStringAsync($"/console/wallet/reconciliation?unionId={w.City}&{Period}")).ShouldContain("data-balanced=\"true\">平衡<");

        // A posting on the receivable that no payment, refund or settlement explains: the report shows it, to the fen.
        await w.Ledger.TransferAsync(new LedgerTransfer(TestActors.Unique("adj"), TransferKind.Adjustment, new AccountRef(AccountKind.Adjustment, w.City),
            new AccountRef(AccountKind.MerchantReceivable, cake), 123));
        var off = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/wallet/reconciliation?unionId={w.City}&{Period}");
        off.GetProperty("balanced").GetBoolean().ShouldBeFalse();
        Figures(off.GetProperty("merchants").EnumerateArray().Single(m => m.GetProperty("merchantId").GetInt64() == cake)).ShouldBe([8_500, 4_250, 1_000, 10_900, 850, 973, 123]);
        var html = await (await app.StaffPagesAsync(w.Viewer)).GetStringAsync($"/console/wallet/reconciliation?unionId={w.City}&{Period}");
        html.ShouldContain("data-balanced=\"false\">不平衡<");
        html.ShouldContain("<span class=\"badge bad\">1.23</span>");
    }

    [Fact]
    public async Task A_period_before_the_settlement_shows_what_was_owed_then_and_bad_periods_and_other_subtrees_are_refused()
    {
        var (w, cake, _) = await SceneAsync(app);
        var staff = await app.StaffApiAsync(w.Preparer);
        var fiveDaysAgo = SettlementWorld.Day(SettlementWorld.Today.AddDays(-5));
        var report = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/wallet/reconciliation?unionId={w.DistrictA}&from={fiveDaysAgo}&to={fiveDaysAgo}");
        report.GetProperty("balanced").GetBoolean().ShouldBeTrue();
        Figures(report.GetProperty("merchants").EnumerateArray().Single()).ShouldBe([0, 8_500, 0, 0, 8_500, 8_500, 0]);
        report.GetProperty("merchants").EnumerateArray().Single().GetProperty("merchantId").GetInt64().ShouldBe(cake);

        var reversed = await staff.GetAsync($"/api/v1/wallet/reconciliation?unionId={w.City}&from={SettlementWorld.Day(SettlementWorld.Today)}&to={fiveDaysAgo}");
        reversed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await reversed.ReadProblemAsync()).FieldError("from").ShouldBe("开始日期不能晚于结束日期");
        var future = await staff.GetAsync($"/api/v1/wallet/reconciliation?unionId={w.City}&to={SettlementWorld.Day(SettlementWorld.Today.AddDays(1))}");
        (await future.ReadProblemAsync()).FieldError("to").ShouldBe("结束日期不能晚于今天");
        (await (await app.StaffApiAsync(w.Outsider)).GetAsync($"/api/v1/wallet/reconciliation?unionId={w.City}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffPagesAsync(w.Outsider)).GetAsync($"/console/wallet/reconciliation?unionId={w.City}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // 乙区's merchants are not 甲区's business.
        (await (await app.StaffApiAsync(w.DistrictAOfficer)).GetFromJsonAsync<JsonElement>($"/api/v1/wallet/reconciliation?{Period}"))
            .GetProperty("merchants").EnumerateArray().Select(m => m.GetProperty("merchantId").GetInt64()).ShouldBe([cake]);
    }

    internal static long[] Figures(JsonElement row) =>
        new[] { "opening", "payments", "refunds", "settled", "expected", "closing", "difference" }.Select(p => row.GetProperty(p).GetInt64()).ToArray();
}

/// <summary>A posting removed behind the ledger's back (triggers off): the report and the ledger rules both show it. Own database.</summary>
public sealed class ReconciliationMissingPostingTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_missing_posting_makes_the_report_unbalanced()
    {
        var (w, cake, _) = await ReconciliationTests.SceneAsync(app);
        await using (var conn = await app.OpenAsync())
        {
            await using var tx = await conn.BeginTransactionAsync();
            await conn.ExecuteAsync("set local session_replication_role = replica", transaction: tx);
            // Today's 8.50 payment loses its credit to the cake shop's receivable.
            await conn.ExecuteAsync("""
                delete from wallet.postings p using wallet.payments pay, wallet.accounts a
                where pay.id = (select max(id) from wallet.payments where merchant_id = @cake) and p.transfer_id = pay.transfer_id
                  and a.id = p.account_id and a.kind = 3
                """, new { cake }, tx);
            await tx.CommitAsync();
        }

        var report = await (await app.StaffApiAsync(w.Viewer)).GetFromJsonAsync<JsonElement>(
            $"/api/v1/wallet/reconciliation?unionId={w.City}&from={SettlementWorld.Day(SettlementWorld.Today.AddDays(-3))}");

        report.GetProperty("balanced").GetBoolean().ShouldBeFalse();
        ReconciliationTests.Figures(report.GetProperty("merchants").EnumerateArray().Single(m => m.GetProperty("merchantId").GetInt64() == cake))
            .ShouldBe([8_500, 4_250, 1_000, 10_900, 850, 0, -850]);
        var rules = report.GetProperty("invariants").EnumerateArray().ToDictionary(i => i.GetProperty("rule").GetString()!, i => i.GetProperty("violations").GetInt64());
        rules["postings of a transfer sum to zero"].ShouldBe(1);
        rules["account balance equals its postings"].ShouldBe(1);
    }
}
