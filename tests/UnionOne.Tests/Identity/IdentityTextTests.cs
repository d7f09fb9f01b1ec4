using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

public sealed partial class IdentityTextTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Theory]
    [InlineData("Identity", "IdentityText.en.resx")]
    [InlineData("Messaging", "MessagingText.en.resx")]
    [InlineData("Organisations", "OrganisationsText.en.resx")]
    [InlineData("MemberCode", "MemberCodeText.en.resx")]
    [InlineData("Bookings", "BookingsText.en.resx")]
    [InlineData("Places", "PlacesText.en.resx")]
    [InlineData("Merchants", "MerchantsText.en.resx")]
    public void Every_text_the_module_looks_up_has_an_english_translation(string module, string resx)
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "UnionOne", "Modules", module);
        var english = XDocument.Load(Path.Combine(folder, resx)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        // A sub-folder with its own English resources (e.g. Places/Stations) is checked against those, not these.
        var ownTexts = Directory.EnumerateFiles(folder, "*.en.resx", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).Where(d => d != folder).Select(d => d + Path.DirectorySeparatorChar).ToList();
        var keys = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !ownTexts.Any(d => f.StartsWith(d!, StringComparison.Ordinal)))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();

        keys.Count.ShouldBeGreaterThan(5);
        keys.Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
        english.Values.ShouldAllBe(v => v.Length > 0 && !v.Any(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [Fact]
    public async Task The_sign_in_pages_and_messages_switch_to_english()
    {
        var client = app.CreateBrowserLikeClient();
        (await client.GetAsync("/culture/en?returnUrl=/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await client.GetStringAsync("/console/sign-in")).ShouldContain("Staff sign-in");
        (await client.GetStringAsync("/m/sign-in")).ShouldContain("Get code");

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/member/code") { Content = JsonContent.Create(new { phone = "" }) };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await app.CreateClient().SendAsync(request);
        (await response.ReadProblemAsync()).FieldError("phone").ShouldBe("Please enter the mobile number");
    }

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();
}
