using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;
using UnionOne.Tests.Places.Stations;

namespace UnionOne.Tests.Security;

/// <summary>The app with a small ordinary body limit (64 KB) and a 1 MB member import, so the limits are cheap to cross.</summary>
public sealed class SmallLimitsApp : UnionOneApp
{
    public const int BodyLimit = 64 * 1024;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RequestLimits:MaxBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MemberImport:MaxFileBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Oversized bodies: an ordinary JSON body or form post over RequestLimits:MaxBodyBytes gets 413 in Chinese and
/// changes nothing (declared length or chunked); uploads have their own declared limits (member import, place
/// photos, inspection photos) and over them get a clear Chinese 413 and store nothing.
/// </summary>
[Trait("Suite", "Security")]
public sealed class BodyLimitTests(SmallLimitsApp app) : IClassFixture<SmallLimitsApp>
{
    private static Dictionary<string, object?> Place(long unionId, int padding) =>
        PlaceApi.Station(unionId, b => b["padding"] = new string('x', padding));

    private Task<long> PlacesAsync() => app.CountAsync("select count(*) from places.places");

    [Fact]
    public async Task A_json_body_over_the_limit_is_413_in_chinese_and_one_under_it_is_served()
    {
        var w = await PlaceWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(w.OfficerA);
        var before = await PlacesAsync();

        var over = await staff.PostAsJsonAsync("/api/v1/places", Place(w.DistrictA, SmallLimitsApp.BodyLimit + 10));
        over.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await over.Content.ReadAsStringAsync());
        over.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await over.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldBe("提交的内容过大");
        problem.GetProperty("status").GetInt32().ShouldBe(413);
        (await PlacesAsync()).ShouldBe(before);

        // The same request a little smaller goes through: the size was the only reason.
        var under = await staff.PostAsJsonAsync("/api/v1/places", Place(w.DistrictA, SmallLimitsApp.BodyLimit - 2000));
        under.StatusCode.ShouldBe(HttpStatusCode.Created, await under.Content.ReadAsStringAsync() + app.Errors);
        (await PlacesAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_chunked_json_body_over_the_limit_is_refused_and_changes_nothing()
    {
        var w = await PlaceWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(w.OfficerA);
        var before = await PlacesAsync();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(Place(w.DistrictA, SmallLimitsApp.BodyLimit * 2), PlaceApi.Json);
        var content = new StreamContent(new MemoryStream(bytes)); // no Content-Length: sent chunked
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = null;

        var response = await staff.PostAsync("/api/v1/places", content);

        ((int)response.StatusCode).ShouldBeOneOf(400, 413);
        (await PlacesAsync()).ShouldBe(before);
        app.Errors.ShouldNotContain("Unhandled exception");
    }

    [Fact]
    public async Task A_page_form_post_over_the_limit_is_413_with_a_chinese_page_and_changes_nothing()
    {
        var browser = app.CreateBrowserLikeClient();
        var page = await (await browser.GetAsync("/console/sign-in")).Content.ReadAsStringAsync();
        var token = PageForms.AntiforgeryToken(page);
        var before = await app.SnapshotAsync();

        var request = new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("_handler", "staff-sign-in"),
                new("Form.UserName", "somebody"), new("Form.Password", new string('p', SmallLimitsApp.BodyLimit))]),
        };
        request.Headers.Accept.ParseAdd("text/html");
        var response = await browser.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("提交的内容过大");
        html.ShouldContain("lang=\"zh-CN\"");
        SecurityKit.Changed(before, await app.SnapshotAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_member_import_over_its_limit_is_413_with_the_limit_in_chinese_and_stages_nothing()
    {
        var w = await MemberWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(w.OfficerA);
        var file = Encoding.UTF8.GetBytes("姓名,身份证号,手机号\n" + new string('x', 1024 * 1024 + 100 * 1024));
        var before = await app.CountAsync("select count(*) from members.imports");

        var response = await staff.PostAsync("/api/v1/member-imports", UnionOne.Tests.Members.Import.ImportFiles.Upload(w.FactoryA, file, "名单.csv"));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await response.Content.ReadAsStringAsync());
        (await response.Content.ReadAsStringAsync()).ShouldContain("文件超过1 MB上限，请拆分后分批导入");
        (await app.CountAsync("select count(*) from members.imports")).ShouldBe(before);
    }

    [Fact]
    public async Task Place_and_inspection_photos_over_their_limits_are_413_in_chinese_and_store_nothing()
    {
        var sw = await StationWorld.CreateAsync(app);
        var officer = await app.StaffApiAsync(sw.OfficerA);
        var station = await app.InsertPlaceAsync(sw.DistrictA, UnionOne.Modules.Places.Contracts.PlaceKind.OutdoorStation, TestActors.Unique("限额驿站"));

        // Place photo: 2 MB each.
        var big = StationTestData.Jpeg(2 * 1024 * 1024 + 1);
        var photo = await officer.PostAsync($"/api/v1/places/{station}/photos", StationTestData.Photos(("大.jpg", big, "image/jpeg")));
        photo.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await photo.Content.ReadAsStringAsync());
        (await photo.Content.ReadAsStringAsync()).ShouldContain("照片不能超过2MB");
        (await app.CountAsync("select count(*) from places.place_photos where place_id = @station", new { station })).ShouldBe(0);

        // Inspection photos: at most 6 of 2 MB in one request; a 13 MB body is refused before it is read.
        var inspection = await StationTestData.InspectAsync(officer, station, StationTestData.WithIssues());
        var many = Enumerable.Range(1, 7).Select(i => ($"{i}.jpg", StationTestData.Jpeg(2 * 1024 * 1024 - 100), "image/jpeg")).ToArray();
        var upload = await officer.PostAsync($"/api/v1/stations/inspections/{inspection}/photos", StationTestData.Photos(many));
        upload.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await upload.Content.ReadAsStringAsync());
        (await upload.Content.ReadAsStringAsync()).ShouldContain("提交的内容过大");
        (await app.CountAsync("select count(*) from places.station_inspection_photos")).ShouldBe(0);

        // Within the limit the same endpoint works (so the ordinary 64 KB limit does not apply to it).
        var ok = await officer.PostAsync($"/api/v1/stations/inspections/{inspection}/photos", StationTestData.Photos(("现场.jpg", StationTestData.Jpeg(200 * 1024), "image/jpeg")));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync() + app.Errors);
    }

    [Fact]
    public void Every_endpoint_that_takes_multipart_declares_its_own_size_limit()
    {
        var endpoints = app.Services.GetService(typeof(Microsoft.AspNetCore.Routing.EndpointDataSource)) as Microsoft.AspNetCore.Routing.EndpointDataSource;
        var uploads = endpoints!.Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.Any(c => c.StartsWith("multipart/", StringComparison.Ordinal)) == true)
            .ToList();

        uploads.Count.ShouldBeGreaterThanOrEqualTo(3);
        uploads.Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is null)
            .Select(e => e.RoutePattern.RawText).ShouldBeEmpty();
    }
}
