using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Payments;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Merchants;

namespace UnionOne.Tests.Wallet;

public sealed class PaymentTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_member_pays_at_the_till_with_the_merchants_discount_and_both_sides_get_the_receipt()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 20_000);

        var paid = await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 10_000, TestActors.Unique("k"));

        paid.StatusCode.ShouldBe(HttpStatusCode.Created, await paid.Content.ReadAsStringAsync() + app.Errors);
        var receipt = (await paid.Content.ReadFromJsonAsync<Receipt>())!;
        receipt.ListAmountFen.ShouldBe(10_000);
        receipt.DiscountBasisPoints.ShouldBe(8500);
        receipt.AmountFen.ShouldBe(8_500);
        receipt.SavedFen.ShouldBe(1_500);
        receipt.MemberName.ShouldContain("*");
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(11_500);
        (await app.BalanceAsync(new AccountRef(AccountKind.MerchantReceivable, w.BakeryId))).ShouldBe(8_500);

        var mine = await member.Api.GetFromJsonAsync<Receipt>($"/api/v1/wallet/me/payments/{receipt.Id}");
        mine!.AmountFen.ShouldBe(8_500);
        var tillView = await w.Till.GetFromJsonAsync<List<Receipt>>("/api/v1/wallet/till/payments");
        tillView!.Single(r => r.Id == receipt.Id).MemberName.ShouldBe(receipt.MemberName);
        mine.MemberName.ShouldBe(receipt.MemberName);
        await app.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_first_receipt_and_a_different_amount_under_that_key_is_refused()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 20_000);
        var code = await app.PaymentCodeAsync(member, w.Factory);
        var key = TestActors.Unique("k");

        var first = await w.Till.PayAsync(code, 1_000, key);
        var retry = await w.Till.PayAsync(code, 1_000, key);
        var before = await app.LedgerSnapshotAsync();
        var changed = await w.Till.PayAsync(code, 2_000, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        var firstReceipt = (await first.Content.ReadFromJsonAsync<Receipt>())!;
        (await retry.Content.ReadFromJsonAsync<Receipt>())!.ShouldBeEquivalentTo(firstReceipt);
        changed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await changed.Content.ReadAsStringAsync()).ShouldContain("幂等键");
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(20_000 - 850);
    }

    [Fact]
    public async Task A_payment_code_pays_once_here_and_never_at_another_merchant()
    {
        var w = await WalletWorld.CreateAsync(app);
        var (_, otherCredential) = await app.CreateActiveMerchantAsync(w.City, TestActors.Unique("联华超市"), MerchantCategory.Supermarket, 9500);
        var other = app.TillClient(otherCredential);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 20_000);
        var code = await app.PaymentCodeAsync(member, w.Factory);
        (await w.Till.PayAsync(code, 1_000, TestActors.Unique("k"))).StatusCode.ShouldBe(HttpStatusCode.Created, app.Errors);
        var before = await app.LedgerSnapshotAsync();

        var again = await w.Till.PayAsync(code, 1_000, TestActors.Unique("k"));
        var elsewhere = await other.PayAsync(code, 1_000, TestActors.Unique("k"));

        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("付款码已使用");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_entry_code_or_a_forged_code_does_not_pay()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 20_000);
        var entry = (await app.Service<IMemberCodeIssuer>().IssueAsync(member.Id, w.Factory, "张三", true)).Text!;
        var code = await app.PaymentCodeAsync(member, w.Factory);
        var tampered = code[..^6] + (code[^6] == 'A' ? "B" : "A") + code[^5..];
        var before = await app.LedgerSnapshotAsync();

        foreach (var bad in new[] { entry, tampered, "UP1.bm90LWEtY29kZQ" })
        {
            var response = await w.Till.PayAsync(bad, 1_000, TestActors.Unique("k"));
            response.StatusCode.ShouldBe(HttpStatusCode.Conflict, bad);
        }
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_payment_larger_than_the_balance_is_refused_and_changes_nothing()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 5_000);
        var before = await app.LedgerSnapshotAsync();

        var response = await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 10_000, TestActors.Unique("k"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).ShouldContain("余额不足");
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData(-100, "金额必须大于0")]
    [InlineData(0, "金额必须大于0")]
    [InlineData(12.5, "整数")]
    public async Task Negative_zero_or_fractional_fen_amounts_get_a_field_error(double amount, string message)
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 5_000);
        var before = await app.LedgerSnapshotAsync();

        var response = await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), amount, TestActors.Unique("k"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty("amountFen")[0].GetString()!.ShouldContain(message);
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_payment_without_an_idempotency_key_is_refused()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 5_000);

        var response = await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 100);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Idempotency-Key");
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(5_000);
    }

    [Fact]
    public async Task Refunds_are_partial_or_full_within_what_was_paid_and_give_the_money_back()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 20_000);
        var paid = await (await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 10_000, TestActors.Unique("k"))).Content.ReadFromJsonAsync<Receipt>();

        var partial = await w.Till.RefundAsync(paid!.Id, 3_000, TestActors.Unique("r"));
        partial.StatusCode.ShouldBe(HttpStatusCode.OK, await partial.Content.ReadAsStringAsync() + app.Errors);
        var before = await app.LedgerSnapshotAsync();
        var tooMuch = await w.Till.RefundAsync(paid.Id, 5_501, TestActors.Unique("r"));
        var rest = await w.Till.RefundAsync(paid.Id, 5_500, TestActors.Unique("r"));

        tooMuch.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await tooMuch.Content.ReadAsStringAsync()).ShouldContain("退款金额超过");
        rest.StatusCode.ShouldBe(HttpStatusCode.OK);
        var receipt = (await rest.Content.ReadFromJsonAsync<Receipt>())!;
        receipt.RefundedFen.ShouldBe(8_500);
        receipt.Refunds.Select(r => r.AmountFen).ShouldBe([3_000, 5_500]);
        before.ShouldNotBe(await app.LedgerSnapshotAsync());
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(20_000);
        (await app.BalanceAsync(new AccountRef(AccountKind.MerchantReceivable, w.BakeryId))).ShouldBe(0);
        await app.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task Another_merchant_cannot_refund_a_payment_it_did_not_take()
    {
        var w = await WalletWorld.CreateAsync(app);
        var (_, otherCredential) = await app.CreateActiveMerchantAsync(w.City, TestActors.Unique("超市"), MerchantCategory.Supermarket, 9500);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 20_000);
        var paid = await (await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 1_000, TestActors.Unique("k"))).Content.ReadFromJsonAsync<Receipt>();

        var response = await app.TillClient(otherCredential).RefundAsync(paid!.Id, 100, TestActors.Unique("r"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(20_000 - 850);
    }

    [Fact]
    public async Task Funds_for_food_merchants_cannot_be_spent_at_a_bakery_and_the_earliest_expiring_funds_go_first()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 10_000, new FundTerms("节日慰问", [MerchantCategory.FarmProduce], DateTime.UtcNow.AddDays(30)));
        var before = await app.LedgerSnapshotAsync();

        var refused = await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 1_000, TestActors.Unique("k"));

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("可用余额不足");
        (await app.LedgerSnapshotAsync()).ShouldBe(before);

        var ledger = app.Service<ILedger>();
        await ledger.CreditMembersAsync(TestActors.Unique("c"), AccountRef.Fund(w.City), [member.Id], [3_000], new FundTerms("生日蛋糕", [MerchantCategory.Bakery], DateTime.UtcNow.AddDays(60)), null, "", null);
        await ledger.CreditMembersAsync(TestActors.Unique("c"), AccountRef.Fund(w.City), [member.Id], [3_000], new FundTerms("蛋糕券", null, DateTime.UtcNow.AddDays(10)), null, "", null);
        (await w.Till.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 4_000, TestActors.Unique("k"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var funds = await ledger.OpenFundsAsync(member.Id);
        funds.ShouldNotContain(f => f.Purpose == "蛋糕券"); // expires first: 3,000 of the 3,400 paid came from it
        funds.Single(f => f.Purpose == "生日蛋糕").Remaining.ShouldBe(3_000 - 400);
        funds.Single(f => f.Purpose == "节日慰问").Remaining.ShouldBe(10_000);
        await app.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task A_courier_coupon_gives_its_discount_three_times_a_month_and_then_the_merchants_own()
    {
        var w = await WalletWorld.CreateAsync(app);
        var (_, credential) = await app.CreateActiveMerchantAsync(w.City, TestActors.Unique("顺丰速运"), MerchantCategory.Courier, 9500);
        var courier = app.TillClient(credential);
        var staff = await app.StaffApiAsync(await app.CreateMerchantOfficerAsync(w.City));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var created = await staff.PostAsJsonAsync("/api/v1/wallet/coupons", new
        {
            unionId = w.City, name = "快递八五折券", category = MerchantCategory.Courier, discountBasisPoints = 8500, usesPerMonth = 3,
            startsOn = today.AddDays(-1).ToString("yyyy-MM-dd"), endsOn = today.AddDays(40).ToString("yyyy-MM-dd"),
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync() + app.Errors);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 20_000);

        var charged = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var r = await courier.PayAsync(await app.PaymentCodeAsync(member, w.Factory), 2_000, TestActors.Unique("k"));
            r.StatusCode.ShouldBe(HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
            charged.Add((await r.Content.ReadFromJsonAsync<Receipt>())!.AmountFen);
        }

        charged.ShouldBe([1_700, 1_700, 1_700, 1_900]);
    }

    [Fact]
    public async Task Two_hundred_parallel_payments_against_a_balance_for_fifty_leave_exactly_fifty_paid()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 50 * 850);
        var codes = new List<string>();
        for (var i = 0; i < 200; i++) codes.Add(await app.PaymentCodeAsync(member, w.Factory));

        var responses = await Task.WhenAll(codes.Select(code => w.Till.PayAsync(code, 1_000, TestActors.Unique("k"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(50, string.Join(",", responses.Select(r => (int)r.StatusCode).Distinct()) + app.Errors);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(150);
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(0);
        (await app.BalanceAsync(new AccountRef(AccountKind.MerchantReceivable, w.BakeryId))).ShouldBe(50 * 850);
        await app.AssertBooksBalanceAsync();
    }
}
