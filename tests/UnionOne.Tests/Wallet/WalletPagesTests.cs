using System.Net;
using System.Text.RegularExpressions;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Merchants;

namespace UnionOne.Tests.Wallet;

public sealed partial class WalletPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task The_member_sees_balance_funds_by_purpose_and_expiry_and_a_payment_code()
    {
        var w = await WalletWorld.CreateAsync(app);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 10_000, new FundTerms("生日蛋糕", [MerchantCategory.Bakery], new DateTime(2030, 1, 31, 15, 0, 0, DateTimeKind.Utc)));
        var pages = app.MemberPages(member.Phone, member.Id);

        var wallet = await pages.GetAsync("/m/wallet");
        var html = await wallet.Content.ReadAsStringAsync();
        wallet.StatusCode.ShouldBe(HttpStatusCode.OK, html + app.Errors);
        html.ShouldContain("data-balance=\"10000\"");
        html.ShouldContain("¥100.00");
        html.ShouldContain("生日蛋糕");
        html.ShouldContain("蛋糕烘焙");
        html.ShouldContain("2030年1月31日 23:00");

        var pay = await (await pages.GetAsync("/m/wallet/pay")).Content.ReadAsStringAsync();
        pay.ShouldContain("<svg");
        pay.ShouldContain("UP1.");
        pay.ShouldContain("http-equiv=\"refresh\"");
    }

    [Fact]
    public async Task A_till_takes_a_payment_on_its_page_once_even_when_the_form_is_sent_twice_and_refunds_part_of_it()
    {
        var w = await WalletWorld.CreateAsync(app);
        var (_, credential) = await app.CreateActiveMerchantAsync(w.City, TestActors.Unique("面包房"), MerchantCategory.Bakery, 8000);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 10_000);
        var till = app.CreateBrowserLikeClient();
        (await till.PostFormAsync("/till/login", "till-login", ("Model.Credential", credential))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await (await till.GetAsync("/till")).Content.ReadAsStringAsync();
        var token = PageForms.AntiforgeryToken(page);
        var key = KeyField().Match(page).Groups[1].Value;
        var code = await app.PaymentCodeAsync(member, w.Factory);
        var fields = new[] { ("key", key), ("code", code), ("amount", "50.00") };
        var first = await till.PostFormWithTokenAsync("/till", "till-pay", token, fields);
        var second = await till.PostFormWithTokenAsync("/till", "till-pay", token, fields);

        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync() + app.Errors);
        second.StatusCode.ShouldBe(HttpStatusCode.Redirect, await second.Content.ReadAsStringAsync());
        second.Headers.Location.ShouldBe(first.Headers.Location);
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(6_000);
        var receipt = await (await till.GetAsync(first.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        receipt.ShouldContain("收款成功");
        receipt.ShouldContain("data-paid=\"4000\"");
        var paymentId = long.Parse(ReceiptId().Match(first.Headers.Location!.OriginalString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var refund = await till.PostFormAsync("/till", "till-refund", ("key", Guid.NewGuid().ToString("N")), ("payment", paymentId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ($"refund-{paymentId}", "15.5"), ($"reason-{paymentId}", "少了一个面包"));
        refund.StatusCode.ShouldBe(HttpStatusCode.Redirect, await refund.Content.ReadAsStringAsync() + app.Errors);
        (await app.BalanceAsync(AccountRef.Member(member.Id))).ShouldBe(7_550);
        await app.AssertBooksBalanceAsync();
    }

    [Theory]
    [InlineData("12.345", "最多两位小数")]
    [InlineData("-5", "最多两位小数")]
    [InlineData("", "请输入金额")]
    public async Task A_bad_amount_on_the_till_page_is_shown_inline_and_charges_nothing(string amount, string message)
    {
        var w = await WalletWorld.CreateAsync(app);
        var (_, credential) = await app.CreateActiveMerchantAsync(w.City, TestActors.Unique("面包房"), MerchantCategory.Bakery, 8000);
        var member = await app.FundedMemberAsync(w.Factory, w.City, 10_000);
        var till = app.CreateBrowserLikeClient();
        await till.PostFormAsync("/till/login", "till-login", ("Model.Credential", credential));
        var before = await app.LedgerSnapshotAsync();

        var response = await till.PostFormAsync("/till", "till-pay", ("key", Guid.NewGuid().ToString("N")), ("code", await app.PaymentCodeAsync(member, w.Factory)), ("amount", amount));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);
        (await app.LedgerSnapshotAsync()).ShouldBe(before);
    }

    [GeneratedRegex("name=\"key\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex KeyField();

    [GeneratedRegex("receipt=(\\d+)")]
    private static partial Regex ReceiptId();
}
