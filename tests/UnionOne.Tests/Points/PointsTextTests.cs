using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Points.Domain;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Points;

public sealed partial class PointsTextTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static string Folder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "UnionOne", "Modules", "Points");
    }

    [Fact]
    public void Every_points_text_has_an_english_translation()
    {
        var english = XDocument.Load(Path.Combine(Folder(), "PointsText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = Directory.EnumerateFiles(Folder(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        // Labels looked up through a variable, and the wallet's Idempotency-Key messages worded with the Points localizer.
        keys.AddRange(Enum.GetValues<PointsEvent>().Select(PointsLabels.Event));
        keys.AddRange(Enum.GetValues<RedemptionStatus>().Select(PointsLabels.Status));
        keys.AddRange(new[] { TransferKind.PointsAward, TransferKind.PointsRedemption, TransferKind.PointsRefund, TransferKind.Reversal, TransferKind.Adjustment }.Select(PointsLabels.Movement));
        keys.AddRange(["请在请求头 Idempotency-Key 中提供本笔请求的唯一标识（重试时保持不变）", "Idempotency-Key 须为1至100个可见ASCII字符"]);

        keys.Count.ShouldBeGreaterThan(80);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [Fact]
    public async Task Pages_and_messages_switch_to_english()
    {
        var w = await PointsWorld.CreateAsync(app);
        var item = await (await app.StaffApiAsync(w.OfficerA)).ItemAsync(w.DistrictA, "毛巾", price: 500, stock: 2);
        var (member, phone, _) = await app.MemberAsync(w.DistrictA);
        await app.GiveAsync(member, w.DistrictA, 100);

        var staff = await app.StaffPagesAsync(w.OfficerA);
        (await staff.GetAsync("/culture/en?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var console = await staff.GetStringAsync($"/console/points?union={w.DistrictA}");
        console.ShouldContain("Points management");
        console.ShouldContain("Earning rules");

        var pages = app.MemberPages(phone, member);
        (await pages.GetAsync("/culture/en?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mine = await pages.GetStringAsync("/m/points");
        mine.ShouldContain("My points");
        mine.ShouldContain("Not enough points");

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/points/me/redemptions") { Content = JsonContent.Create(new { itemId = item }) };
        request.Headers.Add("Idempotency-Key", "en-1");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await app.MemberApi(phone, member).SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("Not enough points: “毛巾” needs 500 points and you have 100");
    }

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();
}
