using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Libraries;
using UnionOne.Tests.Members;
using UnionOne.Tests.Merchants;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.Security;

/// <summary>
/// SQL metacharacters in search boxes and free text: stored and searched literally ('%' finds only text with a
/// percent sign, '_' only an underscore, '\' only a backslash), never a 500, and the tables are still there.
/// </summary>
[Trait("Suite", "Security")]
public sealed class SqlMetacharacterTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private const string Injection = "'; drop table members.members; --";

    private static readonly string[] Hostile = [Injection, "%", "_", "\\", "'", "\"", "%' or '1'='1", "\0", "';--", "$1", "::text", "中文%_\\'"];

    private static readonly (string Text, string Name)[] Specials = [("%", "百分之百%驿站"), ("_", "下划线_驿站"), ("\\", "反斜杠\\驿站"), ("'", "单引号'驿站")];

    private static string Url(string path, string q) => $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}q={Uri.EscapeDataString(q)}";

    [Fact]
    public async Task Place_search_matches_metacharacters_literally_in_the_api_and_on_the_console_page()
    {
        var w = await PlaceWorld.CreateAsync(app);
        var officer = await app.StaffApiAsync(w.OfficerA);
        foreach (var (_, name) in Specials) await PlaceApi.CreateAsync(officer, PlaceApi.Station(w.DistrictA, b => b["name"] = name));
        await PlaceApi.CreateAsync(officer, PlaceApi.Station(w.DistrictA, b => b["name"] = "普通驿站"));
        var page = await app.StaffPagesAsync(w.OfficerA);

        foreach (var (text, name) in Specials)
        {
            var found = await officer.GetFromJsonAsync<JsonElement>(Url($"/api/v1/places?unionId={w.DistrictA}", text));
            found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ShouldBe([name], $"q={text}");
            var html = await page.GetStringAsync(Url($"/console/places?unionId={w.DistrictA}", text));
            html.ShouldContain(name.Replace("'", "&#x27;", StringComparison.Ordinal), customMessage: $"page q={text}");
            html.ShouldNotContain("普通驿站");
        }

        // Free text with SQL in it is stored as given.
        var plain = await PlaceApi.CreateAsync(officer, PlaceApi.Station(w.DistrictA, b => { b["name"] = "注入驿站"; b["address"] = Injection; }));
        var stored = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/places/{plain}");
        stored.GetProperty("address").GetString().ShouldBe(Injection);
        var byInjection = await officer.GetFromJsonAsync<JsonElement>(Url($"/api/v1/places?unionId={w.DistrictA}", Injection));
        byInjection.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ShouldBe([plain]);
        await TablesIntactAsync();
    }

    [Fact]
    public async Task Merchant_search_matches_metacharacters_literally_for_the_public_and_for_staff()
    {
        var org = await MemberWorld.CreateAsync(app);
        var (percent, _) = await app.CreateActiveMerchantAsync(org.FactoryA, "满百%减十便利店", MerchantCategory.ConvenienceStore, 9500);
        var (plain, _) = await app.CreateActiveMerchantAsync(org.FactoryA, TestActors.Unique("普通便利店"), MerchantCategory.ConvenienceStore, 9500);
        var staff = await app.StaffApiAsync(await app.CreateMerchantOfficerAsync(org.FactoryA));

        foreach (var q in new[] { "%", "满百%" })
        {
            var open = await app.CreateClient().GetFromJsonAsync<JsonElement>(Url("/api/v1/merchants/public", q));
            open.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ShouldBe([percent], $"public q={q}");
            var mine = await staff.GetFromJsonAsync<JsonElement>(Url($"/api/v1/merchants?unionId={org.FactoryA}", q));
            mine.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ShouldBe([percent], $"staff q={q}");
        }
        (await app.CreateClient().GetFromJsonAsync<JsonElement>(Url("/api/v1/merchants/public", "_"))).GetArrayLength().ShouldBe(0);
        var page = await app.CreateClient().GetStringAsync(Url("/merchants", "%"));
        page.ShouldContain("满百%减十便利店");
        page.ShouldNotContain("普通便利店");
        plain.ShouldBeGreaterThan(0);
        await TablesIntactAsync();
    }

    [Fact]
    public async Task Member_and_catalogue_search_treat_wildcards_as_text()
    {
        var org = await MemberWorld.CreateAsync(app);
        for (var i = 0; i < 3; i++) await app.InsertMemberAsync(org.FactoryA, MemberTestData.Name(), MemberTestData.IdNumber(), MemberTestData.Phone());
        var staff = await app.StaffApiAsync(org.OfficerA);
        foreach (var q in new[] { "%", "_", "\\" })
        {
            var found = await staff.GetFromJsonAsync<JsonElement>(Url($"/api/v1/members?unionId={org.FactoryA}", q));
            found.GetProperty("items").GetArrayLength().ShouldBe(0, $"q={q}");
        }
        (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/members?unionId={org.FactoryA}")).GetProperty("items").GetArrayLength().ShouldBe(3);

        var library = await app.CreateLibraryAsync(staff, org.FactoryA);
        await staff.AddTitleAsync(library, "978-7-02-000220-7", "百分%之书");
        await staff.AddTitleAsync(library, "978-7-5442-9116-3", "普通之书");
        var phone = MemberTestData.Phone();
        var member = await app.InsertMemberAsync(org.FactoryA, MemberTestData.Name(), MemberTestData.IdNumber(), phone);
        var reader = app.MemberApi(phone, member.Id);
        var hits = await reader.GetFromJsonAsync<JsonElement>(Url("/api/v1/catalogue", "%"));
        hits.EnumerateArray().Select(h => h.GetProperty("title").GetString()).ShouldBe(["百分%之书"]);
        await TablesIntactAsync();
    }

    [Fact]
    public async Task Hostile_search_text_never_causes_a_server_error()
    {
        var org = await MemberWorld.CreateAsync(app);
        foreach (var q in Hostile) await SearchEverywhereAsync(org, q);
    }

    private async Task SearchEverywhereAsync(MemberWorld org, string q)
    {
        var staff = await app.StaffApiAsync(org.OfficerA);
        var pages = await app.StaffPagesAsync(org.OfficerA);
        string[] api = [$"/api/v1/members?unionId={org.FactoryA}", "/api/v1/unions/search", $"/api/v1/places?unionId={org.DistrictA}", $"/api/v1/merchants?unionId={org.DistrictA}"];
        string[] html = ["/console/members", "/console/places", "/console/merchants"];

        foreach (var path in api)
        {
            var response = await staff.GetAsync(Url(path, q));
            ((int)response.StatusCode).ShouldBeOneOf([200, 400], $"{path} q={q}: {await response.Content.ReadAsStringAsync()}\n{app.Errors}");
        }
        foreach (var path in html)
        {
            var response = await pages.GetAsync(Url(path, q));
            ((int)response.StatusCode).ShouldBeOneOf([200, 400], $"{path} q={q}\n{app.Errors}");
            if (response.StatusCode == HttpStatusCode.BadRequest) (await response.Content.ReadAsStringAsync()).ShouldMatch(@"[\u4e00-\u9fff]");
        }
        foreach (var path in new[] { "/api/v1/merchants/public", "/merchants" })
            ((int)(await app.CreateClient().GetAsync(Url(path, q))).StatusCode).ShouldBeOneOf([200, 400], $"{path} q={q}\n{app.Errors}");
        app.Errors.ShouldNotContain("Unhandled exception");
        await TablesIntactAsync();
    }

    private async Task TablesIntactAsync()
    {
        await using var conn = await app.OpenAsync();
        foreach (var table in new[] { "members.members", "org.unions", "places.places", "merchants.merchants", "identity.staff_users" })
            (await Dapper.SqlMapper.ExecuteScalarAsync<string?>(conn, "select to_regclass(@table)::text", new { table })).ShouldBe(table);
    }
}

/// <summary>NUL characters (PostgreSQL text cannot hold them) in a query, a form post and a JSON body: a 400, never a 500, nothing stored.</summary>
[Trait("Suite", "Security")]
public sealed class NulCharacterTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_nul_in_a_page_form_is_a_400_not_a_database_error()
    {
        var browser = app.CreateBrowserLikeClient();
        var response = await browser.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", "admin\0"), ("Form.Password", "wrong-password-1"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, app.Errors);
        app.Errors.ShouldNotContain("22021");
    }

    [Fact]
    public async Task A_nul_in_a_json_string_is_a_400_and_stores_nothing()
    {
        var w = await PlaceWorld.CreateAsync(app);
        var officer = await app.StaffApiAsync(w.OfficerA);
        var before = await app.CountAsync("select count(*) from places.places");

        var response = await officer.PostAsJsonAsync("/api/v1/places", PlaceApi.Station(w.DistrictA, b => b["address"] = "东山路\0 12号"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync() + app.Errors);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请求有误");
        (await app.CountAsync("select count(*) from places.places")).ShouldBe(before);
        app.Errors.ShouldNotContain("22021");
    }

    [Fact]
    public async Task A_nul_in_a_multipart_text_field_is_a_400_and_stores_nothing()
    {
        // Multipart bodies carry files, which may hold NUL bytes, so they are not scanned on the way in: the text field
        // reaches PostgreSQL, which refuses it (22021), and that refusal must read as bad input, not as a server error.
        var w = await UnionOne.Tests.Places.Stations.StationWorld.CreateAsync(app);
        var officer = await app.StaffPagesAsync(w.OfficerA);
        var token = PageForms.AntiforgeryToken(await officer.GetStringAsync("/console/account"));
        var before = await app.SnapshotAsync();

        MultipartFormDataContent Form(string issues)
        {
            var photo = new ByteArrayContent(UnionOne.Tests.Places.Stations.StationTestData.Png);
            photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            return new()
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent(DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "inspectedOn" },
                { new StringContent("80"), "score" },
                { new StringContent(issues), "issues" },
                { new StringContent(DateTime.UtcNow.AddHours(8).AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "rectifyBy" },
                { photo, "photos", "现场.png" },
            };
        }
        var path = $"/console/stations/{w.StationA}/inspections/new";

        var refused = await officer.PostAsync(path, Form("标识\0破损"));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, app.Errors);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("提交的文字中含有不允许的控制字符");
        SecurityKit.Changed(before, await app.SnapshotAsync()).ShouldBeEmpty();
        app.Errors.ShouldNotContain("22021");

        // The same form without the NUL is accepted: the refusal was about the NUL, not about the rest of the form.
        var accepted = await officer.PostAsync(path, Form("标识破损"));
        (await officer.GetStringAsync(accepted.Headers.Location!)).ShouldContain("检查已登记");
        (await app.CountAsync("select count(*) from places.station_inspections where place_id = @s", new { s = w.StationA })).ShouldBe(1);
    }
}
