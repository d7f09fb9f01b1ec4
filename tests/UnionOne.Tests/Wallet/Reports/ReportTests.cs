using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Extensions.Hosting;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Wallet.Settlement;

namespace UnionOne.Tests.Wallet.Reports;

public sealed class ReportTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static readonly string ThisMonth = Month(SettlementWorld.Today);
    private static readonly string EarlierMonth = Month(SettlementWorld.Today.AddDays(-35));
    private static readonly string From = Month(SettlementWorld.Today.AddDays(-40));

    private sealed record Scene(SettlementWorld W, long Cake, long Market, long Courier);

    /// <summary>
    /// Members of the factory (甲区) and of 乙区 pay at the factory's cake shop, 乙区's supermarket and another city's courier;
    /// a member of the other city pays at the cake shop (not ours to count). Hand-computed figures are in the tests.
    /// </summary>
    private async Task<Scene> SceneAsync()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var cake = await w.MerchantAsync(w.Factory, "甜心蛋糕店", MerchantCategory.Bakery, 8500);
        var market = await w.MerchantAsync(w.DistrictB, "乙区惠民超市", MerchantCategory.Supermarket, 9000);
        var courier = await w.MerchantAsync(w.OtherCity, "顺路快递", MerchantCategory.Courier, 8500);
        var factory = await w.MembersAsync(w.Factory, 3, 50_000);
        var districtB = await w.MembersAsync(w.DistrictB, 2, 30_000);
        var other = await w.MembersAsync(w.OtherCity, 1, 10_000);

        var (f1, _) = await w.PayAsync(factory[0], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 10_000);
        var (f2, _) = await w.PayAsync(factory[1], w.Factory, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 2_000);
        await w.BackdatePaymentAsync(f2, 35);
        await w.PayAsync(factory[2], w.Factory, market.MerchantId, market.TillId, MerchantCategory.Supermarket, 5_000, 9000);
        await w.PayAsync(factory[0], w.Factory, courier.MerchantId, courier.TillId, MerchantCategory.Courier, 1_000);
        var (b1, _) = await w.PayAsync(districtB[0], w.DistrictB, market.MerchantId, market.TillId, MerchantCategory.Supermarket, 20_000, 9000);
        await w.PayAsync(other[0], w.OtherCity, cake.MerchantId, cake.TillId, MerchantCategory.Bakery, 4_000);
        await w.RefundAsync(f1, cake.MerchantId, cake.TillId, 1_000);
        await w.RefundAsync(b1, market.MerchantId, market.TillId, 3_000);

        await w.TopUpAsync(w.Factory, 2_000);
        await w.Ledger.CreditMembersAsync(TestActors.Unique("bday"), AccountRef.Fund(w.Factory), [factory[1]], [2_000],
            new FundTerms("生日蛋糕", [MerchantCategory.Bakery], DateTime.UtcNow.AddMilliseconds(300)), null, "生日福利", null);
        await Task.Delay(600);
        await app.Service<IEnumerable<IHostedService>>().OfType<WalletWorker>().Single().RunOnceAsync(CancellationToken.None);
        return new Scene(w, cake.MerchantId, market.MerchantId, courier.MerchantId);
    }

    [Fact]
    public async Task The_figures_of_a_subtree_match_hand_computed_ones_by_month_merchant_and_category()
    {
        var s = await SceneAsync();
        var report = await (await app.StaffApiAsync(s.W.Viewer)).GetFromJsonAsync<JsonElement>($"/api/v1/wallet/reports?unionId={s.W.City}&from={From}&to={ThisMonth}");

        var t = report.GetProperty("totals");
        t.GetProperty("disbursed").GetInt64().ShouldBe(150_000 + 60_000 + 2_000);
        t.GetProperty("spent").GetInt64().ShouldBe(8_500 + 1_700 + 4_500 + 850 + 18_000);
        t.GetProperty("payments").GetInt32().ShouldBe(5);
        t.GetProperty("members").GetInt32().ShouldBe(4);
        t.GetProperty("refunded").GetInt64().ShouldBe(4_000);
        t.GetProperty("expired").GetInt64().ShouldBe(2_000);
        t.GetProperty("driven").GetInt64().ShouldBe(38_000);
        t.GetProperty("savings").GetInt64().ShouldBe(38_000 - 33_550);

        var months = report.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!);
        months.Keys.First().ShouldBe(From);
        months.Keys.Last().ShouldBe(ThisMonth);
        months[EarlierMonth].GetProperty("spent").GetInt64().ShouldBe(1_700);
        months[EarlierMonth].GetProperty("driven").GetInt64().ShouldBe(2_000);
        months[ThisMonth].GetProperty("spent").GetInt64().ShouldBe(33_550 - 1_700);
        months[ThisMonth].GetProperty("disbursed").GetInt64().ShouldBe(212_000);
        months[ThisMonth].GetProperty("expired").GetInt64().ShouldBe(2_000);
        months.Values.Sum(m => m.GetProperty("payments").GetInt32()).ShouldBe(5);

        var merchants = report.GetProperty("merchants").EnumerateArray().Select(m => (
            m.GetProperty("merchantId").GetInt64(), m.GetProperty("visits").GetInt32(), m.GetProperty("members").GetInt32(), m.GetProperty("spent").GetInt64(),
            m.GetProperty("refunded").GetInt64(), m.GetProperty("driven").GetInt64(), m.GetProperty("savings").GetInt64())).ToList();
        merchants.ShouldBe(
        [
            (s.Market, 2, 2, 22_500L, 3_000L, 25_000L, 2_500L),
            (s.Cake, 2, 2, 10_200L, 1_000L, 12_000L, 1_800L),
            (s.Courier, 1, 1, 850L, 0L, 1_000L, 150L),
        ]);
        report.GetProperty("topByAmount").EnumerateArray().Select(m => m.GetProperty("merchantId").GetInt64()).ShouldBe([s.Market, s.Cake, s.Courier]);
        report.GetProperty("topByVisits").EnumerateArray().Select(m => m.GetProperty("merchantId").GetInt64()).ShouldBe([s.Market, s.Cake, s.Courier]);
        report.GetProperty("categories").EnumerateArray().Select(c => (c.GetProperty("label").GetString(), c.GetProperty("spent").GetInt64()))
            .ShouldBe([("超市", 22_500L), ("蛋糕烘焙", 10_200L), ("快递", 850L)]);

        // 甲区's officer sees only what the factory's members did and what the factory's fund gave.
        var district = await (await app.StaffApiAsync(s.W.DistrictAOfficer)).GetFromJsonAsync<JsonElement>($"/api/v1/wallet/reports?from={From}");
        district.GetProperty("unionId").GetInt64().ShouldBe(s.W.DistrictA);
        district.GetProperty("totals").GetProperty("spent").GetInt64().ShouldBe(8_500 + 1_700 + 4_500 + 850);
        district.GetProperty("totals").GetProperty("disbursed").GetInt64().ShouldBe(152_000);
        district.GetProperty("totals").GetProperty("refunded").GetInt64().ShouldBe(1_000);
    }

    [Fact]
    public async Task Another_subtree_sees_nothing_of_it_and_bad_periods_are_refused_in_chinese()
    {
        var s = await SceneAsync();
        var outsider = await app.StaffApiAsync(s.W.Outsider);
        (await outsider.GetAsync($"/api/v1/wallet/reports?unionId={s.W.City}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/api/v1/wallet/reports/export?unionId={s.W.City}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffPagesAsync(s.W.Outsider)).GetAsync($"/console/wallet/reports?unionId={s.W.City}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Their own report: only their member's 34.00 at our cake shop, and their own fund.
        var own = await outsider.GetFromJsonAsync<JsonElement>($"/api/v1/wallet/reports?from={From}");
        own.GetProperty("totals").GetProperty("spent").GetInt64().ShouldBe(3_400);
        own.GetProperty("totals").GetProperty("disbursed").GetInt64().ShouldBe(10_000);
        own.GetProperty("merchants").EnumerateArray().Select(m => m.GetProperty("merchantId").GetInt64()).ShouldBe([s.Cake]);

        var staff = await app.StaffApiAsync(s.W.Preparer);
        async Task ExpectAsync(string query, string field, string message)
        {
            var response = await staff.GetAsync($"/api/v1/wallet/reports?unionId={s.W.City}&{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.ReadProblemAsync()).FieldError(field).ShouldBe(message);
        }
        await ExpectAsync("from=2026-13", "from", "月份格式应为 yyyy-MM，例如 2026-01");
        await ExpectAsync($"to={Month(SettlementWorld.Today.AddMonths(1))}", "to", "结束月份不能晚于本月");
        await ExpectAsync($"from={ThisMonth}&to={From}", "from", "开始月份不能晚于结束月份");
        await ExpectAsync($"from={Month(SettlementWorld.Today.AddMonths(-36))}", "from", "统计期间不能超过36个月");
    }

    [Fact]
    public async Task The_page_draws_the_charts_and_the_export_is_an_audited_xlsx()
    {
        var s = await SceneAsync();
        var page = await (await app.StaffPagesAsync(s.W.Preparer)).GetStringAsync($"/console/wallet/reports?unionId={s.W.City}&from={From}&to={ThisMonth}");
        page.ShouldContain("data-total=\"spent\">¥335.50<");
        page.ShouldContain("data-total=\"driven\">¥380.00<");
        page.ShouldContain("data-chart=\"top-amount\"");
        page.ShouldContain("data-chart=\"monthly-spent\"");
        page.ShouldContain("data-value=\"22500\"");
        page.ShouldContain("data-download=\"xlsx\"");
        page.ShouldNotContain("<script");

        var response = await (await app.StaffApiAsync(s.W.Preparer)).GetAsync($"/api/v1/wallet/reports/export?unionId={s.W.City}&from={From}&to={ThisMonth}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using (var document = SpreadsheetDocument.Open(stream, false))
        {
            var workbook = document.WorkbookPart!;
            var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
            sheets.Select(x => x.Name!.Value).ShouldBe(["汇总", "按月", "按商户", "按类别"]);
            var merchants = ((WorksheetPart)workbook.GetPartById(sheets[2].Id!)).Worksheet.Descendants<Row>().ToList();
            merchants.Count.ShouldBe(4);
            var first = merchants[1].Elements<Cell>().Select(CellText).ToList();
            first[1].ShouldStartWith("乙区惠民超市");
            first[5].ShouldBe("225.00");
            first[7].ShouldBe("250.00");
        }
        await using var conn = await app.OpenAsync();
        (await conn.QuerySingleAsync<(long? Actor, long? Union)>("select actor_id, union_id from audit.entries where action = 'wallet.report-export'"))
            .ShouldBe((s.W.Preparer, s.W.City));
        (await (await app.StaffApiAsync(s.W.Viewer)).GetAsync($"/api/v1/wallet/reports/export?unionId={s.W.City}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static string CellText(Cell cell) => cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "";
}
