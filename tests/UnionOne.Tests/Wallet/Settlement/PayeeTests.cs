using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Settlement;

public sealed class PayeeTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private const string Number = "6222021207001234567";

    [Fact]
    public async Task A_payee_is_stored_encrypted_shown_masked_and_revealed_only_with_an_audit_entry()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var (shop, _, _) = await w.MerchantAsync(w.Factory, "机械厂超市", MerchantCategory.Supermarket);
        var staff = await app.StaffApiAsync(w.Preparer);

        var saved = await staff.PutAsJsonAsync($"/api/v1/wallet/merchants/{shop}/payee",
            new { accountName = " 玉环市机械厂超市有限公司 ", bankName = "中国工商银行玉环支行", accountNumber = "6222 0212 0700 1234 567" });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var view = await saved.Content.ReadFromJsonAsync<JsonElement>();
        view.GetProperty("accountName").GetString().ShouldBe("玉环市机械厂超市有限公司");
        view.GetProperty("accountNumberMasked").GetString().ShouldBe("6222 **** 4567");

        await using var conn = await app.OpenAsync();
        var stored = await conn.QuerySingleAsync<byte[]>("select account_number from wallet.merchant_payees where merchant_id = @shop", new { shop });
        Convert.ToHexString(stored).ShouldNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes("1234567")));
        Convert.ToHexString(stored).ShouldNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes("4567")));

        var viewer = await app.StaffApiAsync(w.Viewer);
        (await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/wallet/merchants/{shop}/payee")).GetProperty("accountNumberMasked").GetString().ShouldBe("6222 **** 4567");
        (await viewer.PostAsync($"/api/v1/wallet/merchants/{shop}/payee/reveal", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = 'wallet.payee-reveal'")).ShouldBe(0);

        var revealed = await staff.PostAsync($"/api/v1/wallet/merchants/{shop}/payee/reveal", null);
        (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accountNumber").GetString().ShouldBe(Number);
        (await conn.QuerySingleAsync<(long? Actor, string Subject)>("select actor_id, subject_id from audit.entries where action = 'wallet.payee-reveal'"))
            .ShouldBe((w.Preparer, shop.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        // The change is audited too, without the account number.
        var change = await conn.QuerySingleAsync<string>("select detail::text from audit.entries where action = 'wallet.payee-changed'");
        change.ShouldNotContain("4567");

        // Outside the merchant's subtree the merchant does not exist; a viewer may not change it.
        (await (await app.StaffApiAsync(w.Outsider)).GetAsync($"/api/v1/wallet/merchants/{shop}/payee")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.Outsider)).PostAsync($"/api/v1/wallet/merchants/{shop}/payee/reveal", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await viewer.PutAsJsonAsync($"/api/v1/wallet/merchants/{shop}/payee", new { accountName = "某某公司", bankName = "某银行", accountNumber = "12345678" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_payee_details_are_refused_field_by_field_in_chinese_and_change_nothing()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var (shop, _, _) = await w.MerchantAsync(w.Factory, "机械厂便利店", MerchantCategory.ConvenienceStore);
        var staff = await app.StaffApiAsync(w.Preparer);
        (await staff.PutAsJsonAsync($"/api/v1/wallet/merchants/{shop}/payee", new { accountName = "玉环便利店", bankName = "农业银行玉环支行", accountNumber = Number }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await w.SnapshotAsync();

        var response = await staff.PutAsJsonAsync($"/api/v1/wallet/merchants/{shop}/payee", new { accountName = "=HYPERLINK(1)", bankName = "银", accountNumber = "6222-abc" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.FieldError("accountName").ShouldBe("收款户名须为2至60个字符，且不能以 = + - @ 开头");
        problem.FieldError("bankName").ShouldBe("开户行须为2至60个字符，且不能以 = + - @ 开头");
        problem.FieldError("accountNumber").ShouldBe("收款账号须为8至32位数字");
        (await w.SnapshotAsync()).ShouldBe(before);
        (await staff.GetAsync("/api/v1/wallet/merchants/999999999/payee")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_edit_the_payee_on_the_settlement_page_and_see_it_masked()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var (shop, _, _) = await w.MerchantAsync(w.Factory, "机械厂面包房", MerchantCategory.Bakery);
        var browser = await app.StaffPagesAsync(w.Preparer);
        var url = $"/console/wallet/settlement/merchants/{shop}/payee";
        var empty = await browser.GetStringAsync(url);
        empty.ShouldContain("data-payee=\"none\"");
        empty.ShouldContain("登记收款账户");
        (await (await app.StaffApiAsync(w.Preparer)).GetAsync($"/api/v1/wallet/merchants/{shop}/payee")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var bad = await browser.PostFormAsync(url, "save-payee", ("Payee.AccountName", "面包房"), ("Payee.BankName", "建设银行"), ("Payee.AccountNumber", "12"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("收款账号须为8至32位数字");

        var ok = await browser.PostFormAsync(url, "save-payee", ("Payee.AccountName", "玉环市面包房"), ("Payee.BankName", "中国建设银行玉环支行"), ("Payee.AccountNumber", Number));
        var html = await ok.Content.ReadAsStringAsync();
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("收款账户已保存");
        html.ShouldContain("6222 **** 4567");
        html.ShouldNotContain(Number);

        var overview = await browser.GetStringAsync($"/console/wallet/settlement?unionId={w.City}");
        overview.ShouldContain($"data-merchant=\"{shop}\"");
        overview.ShouldContain("玉环市面包房 · 中国建设银行玉环支行 · 6222 **** 4567");

        var revealed = await browser.PostFormAsync(url, "reveal-payee", ("reveal", "1"));
        (await revealed.Content.ReadAsStringAsync()).ShouldContain($"<span data-field=\"accountNumber\">{Number}</span>");
    }
}
