using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Stations.Console;
using UnionOne.Modules.Places.Stations.Inspections;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places.Stations;

public sealed partial class StationsTextTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static string Folder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "UnionOne", "Modules", "Places", "Stations");
    }

    [Fact]
    public void Every_station_text_has_an_english_translation()
    {
        var english = XDocument.Load(Path.Combine(Folder(), "StationsText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var keys = Directory.EnumerateFiles(Folder(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        // Labels looked up through a variable.
        keys.AddRange(Checklist.Items.Select(i => i.Label));
        keys.AddRange(new short[] { 3, 4, 5, 6 }.Select(StationLabels.Kind));
        keys.AddRange(new short[] { 1, 2, 3 }.Select(StationLabels.Status));
        keys.AddRange(["整改逾期", "整改中", "非常满意", "满意", "一般", "不满意", "非常不满意"]);

        keys.Count.ShouldBeGreaterThan(100);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [Fact]
    public async Task Pages_and_messages_switch_to_english()
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("英文测试工会"), Modules.Organisations.Contracts.UnionLevel.County, regionCode: "210104");
        var staff = await app.CreateStaffAsync(TestActors.Unique("en"), "Passw0rd!x", (union, Modules.Identity.Contracts.StaffRole.Officer));
        var station = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation);
        var client = await app.StaffPagesAsync(staff);
        (await client.GetAsync("/culture/en?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var html = await client.GetStringAsync("/console/stations");
        html.ShouldContain("Station management");
        html.ShouldContain("Outdoor workers&#x27; station");
        (await client.GetStringAsync($"/console/stations/{station}/inspections")).ShouldContain("Record this month&#x27;s inspection");

        var (member, phone) = await app.MemberAsync(union);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/places/{station}/ratings") { Content = JsonContent.Create(new { score = 5 }) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await app.MemberApi(phone, member).SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("You have not visited this station in the last 7 days, so you cannot rate it");
    }

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();
}
