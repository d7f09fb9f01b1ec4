using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Settlement;

public sealed class StatementTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task The_daily_statement_sums_the_days_payments_and_refunds_for_staff_and_for_the_till()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var (cake, till, credential) = await w.MerchantAsync(w.Factory, "甜心蛋糕店", MerchantCategory.Bakery, 8500);
        var members = await w.MembersAsync(w.Factory, 2, 100_000);
        // Yesterday: one payment of 100.00 list (85.00 paid). Today: 50.00 list (42.50) and 19.99 list (16.99 = round(1699.15)),
        // a partial refund of yesterday's payment (10.00) and one of today's (5.00).
        var (old, _) = await w.PayAsync(members[0], w.Factory, cake, till, MerchantCategory.Bakery, 10_000);
        await w.BackdatePaymentAsync(old, 1);
        var (p1, a1) = await w.PayAsync(members[0], w.Factory, cake, till, MerchantCategory.Bakery, 5_000);
        var (_, a2) = await w.PayAsync(members[1], w.Factory, cake, till, MerchantCategory.Bakery, 1_999);
        await w.RefundAsync(old, cake, till, 1_000);
        await w.RefundAsync(p1, cake, till, 500, "少做一块");
        a1.ShouldBe(4_250);
        a2.ShouldBe(1_699);

        var staff = await app.StaffApiAsync(w.Preparer);
        var today = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/wallet/merchants/{cake}/statement?day={SettlementWorld.Day(SettlementWorld.Today)}");
        today.GetProperty("paymentCount").GetInt32().ShouldBe(2);
        today.GetProperty("paymentAmount").GetInt64().ShouldBe(4_250 + 1_699);
        today.GetProperty("listAmount").GetInt64().ShouldBe(5_000 + 1_999);
        today.GetProperty("refundCount").GetInt32().ShouldBe(2);
        today.GetProperty("refundAmount").GetInt64().ShouldBe(1_500);
        today.GetProperty("net").GetInt64().ShouldBe(4_250 + 1_699 - 1_500);
        today.GetProperty("refunds").EnumerateArray().Select(r => r.GetProperty("paymentId").GetInt64()).ShouldBe([old, p1]);

        var yesterday = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/wallet/merchants/{cake}/statement?day={SettlementWorld.Day(SettlementWorld.Today.AddDays(-1))}");
        yesterday.GetProperty("paymentCount").GetInt32().ShouldBe(1);
        yesterday.GetProperty("paymentAmount").GetInt64().ShouldBe(8_500);
        yesterday.GetProperty("payments")[0].GetProperty("refunded").GetInt64().ShouldBe(1_000);
        yesterday.GetProperty("refundCount").GetInt32().ShouldBe(0);
        yesterday.GetProperty("net").GetInt64().ShouldBe(8_500);

        // The till sees its own merchant's statement, by API and on its page.
        var tillDay = await w.TillApi(credential).GetFromJsonAsync<JsonElement>("/api/v1/till/statement");
        tillDay.GetProperty("merchantId").GetInt64().ShouldBe(cake);
        tillDay.GetProperty("net").GetInt64().ShouldBe(4_449);
        var page = await w.TillPages(cake, till).GetAsync("/till/statement");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("日结对账单");
        html.ShouldContain("data-total=\"net\">¥44.49<");
        html.ShouldContain("少做一块");

        // And the console page.
        var console = await (await app.StaffPagesAsync(w.Viewer)).GetStringAsync($"/console/wallet/statements/{cake}?day={SettlementWorld.Day(SettlementWorld.Today.AddDays(-1))}");
        console.ShouldContain("data-total=\"payments\">¥85.00<");
        console.ShouldContain($"data-payment=\"{old}\"");
    }

    [Fact]
    public async Task A_future_or_malformed_day_is_refused_in_chinese_and_other_subtrees_see_no_statement()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var (shop, till, credential) = await w.MerchantAsync(w.DistrictB, "乙区便利店", MerchantCategory.ConvenienceStore, 9500);
        var staff = await app.StaffApiAsync(w.Preparer);

        var future = await staff.GetAsync($"/api/v1/wallet/merchants/{shop}/statement?day={SettlementWorld.Day(SettlementWorld.Today.AddDays(1))}");
        future.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await future.ReadProblemAsync()).FieldError("day").ShouldBe("不能查询未来日期的对账单");
        var malformed = await w.TillApi(credential).GetAsync("/api/v1/till/statement?day=2026-13-40");
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await malformed.ReadProblemAsync()).FieldError("day").ShouldBe("日期格式应为 yyyy-MM-dd，例如 2026-11-20");

        // 甲区's officer and another city's chair: the merchant of 乙区 does not exist for them.
        (await (await app.StaffApiAsync(w.DistrictAOfficer)).GetAsync($"/api/v1/wallet/merchants/{shop}/statement")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.Outsider)).GetAsync($"/api/v1/wallet/merchants/{shop}/statement")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffPagesAsync(w.Outsider)).GetAsync($"/console/wallet/statements/{shop}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A till without credentials, or a staff token, is not a till.
        (await app.CreateClient().GetAsync("/api/v1/till/statement")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await w.TillPages(shop, till).GetAsync("/till/statement")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateBrowserLikeClient().GetAsync("/till/statement")).StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Unauthorized);
    }
}
