using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Settlement;
using UnionOne.Modules.Wallet.Settlement.Reconciliation;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Wallet.Settlement;

public sealed partial class SettlementTextTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static string Wallet()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "UnionOne", "Modules", "Wallet");
    }

    [Fact]
    public void Every_settlement_and_report_text_has_an_english_translation()
    {
        var english = XDocument.Load(Path.Combine(Wallet(), "WalletText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = new[] { "Settlement", "Reports" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Wallet(), folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        // Labels looked up through a variable.
        keys.AddRange(MerchantLabels.Categories.Select(MerchantLabels.Category));
        keys.AddRange(MerchantLabels.Statuses.Select(MerchantLabels.Status));
        keys.AddRange(["待复核", "已结算", "已撤销", "未结算", "缺少收款账户信息", "已在另一个待复核批次中"]);
        keys.AddRange(new[]
        {
            "postings of a transfer sum to zero", "transfer amount equals its credits", "account balance equals its postings", "no member or fund balance below zero",
            "member balance equals its lots", "all balances of a unit sum to zero", "payment lots equal the payment",
        }.Select(ReconciliationPage.InvariantLabel));

        keys.Count.ShouldBeGreaterThan(150);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        // Only this part's texts: the disbursement texts quote the Chinese column headers of the upload on purpose.
        keys.Distinct().Select(k => english[k]).ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [Fact]
    public async Task Pages_and_messages_switch_to_english()
    {
        var w = await SettlementWorld.CreateAsync(app);
        var (shop, _, _) = await w.MerchantAsync(w.Factory, "机械厂超市", MerchantCategory.Supermarket);
        var browser = await app.StaffPagesAsync(w.Preparer);
        (await browser.GetAsync("/culture/en?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var settlement = await browser.GetStringAsync($"/console/wallet/settlement?unionId={w.City}");
        settlement.ShouldContain("Start a settlement run");
        settlement.ShouldContain("Not registered");
        (await browser.GetStringAsync($"/console/wallet/reconciliation?unionId={w.City}")).ShouldContain(">Balanced<");
        (await browser.GetStringAsync($"/console/wallet/reports?unionId={w.City}")).ShouldContain("Consumption driven");
        var payee = await browser.GetStringAsync($"/console/wallet/settlement/merchants/{shop}/payee");
        payee.ShouldContain("Register a payout account", Shouldly.Case.Sensitive, payee[Math.Max(0, payee.IndexOf("<main", StringComparison.Ordinal))..]);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/wallet/settlement-runs")
        { Content = JsonContent.Create(new { unionId = w.City, cutoffDay = SettlementWorld.Day(SettlementWorld.Today) }) };
        request.Headers.Add("Idempotency-Key", "en-1");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await (await app.StaffApiAsync(w.Preparer)).SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError("cutoffDay").ShouldBe("The cut-off day must be before today: only days that have ended can be settled");
    }

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();
}
