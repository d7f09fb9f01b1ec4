using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using static UnionOne.Tests.Places.Stations.StationTestData;

namespace UnionOne.Tests.Places.Stations;

public sealed class InspectionTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private StationWorld w = null!;

    public async Task InitializeAsync()
    {
        LastErrors = () => app.Errors;
        w = await StationWorld.CreateAsync(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<long> StationAsync(PlaceStatus status = PlaceStatus.Open, PlaceKind kind = PlaceKind.OutdoorStation) =>
        app.InsertPlaceAsync(w.DistrictA, kind, TestActors.Unique("沈河区驿站"), status: status);

    private Task<long> InspectionsAsync(long placeId) => app.ScalarAsync("select count(*) from places.station_inspections where place_id = @placeId", new { placeId });

    private Task<long> PhotosAsync() => app.ScalarAsync("select count(*) from places.station_inspection_photos");

    [Fact]
    public async Task An_officer_records_an_inspection_with_issues_and_photos_and_sees_it_in_the_history()
    {
        var station = await StationAsync();
        var officer = await app.StaffApiAsync(w.OfficerA);
        var id = await officer.InspectAsync(station, WithIssues());

        var upload = await officer.PostAsync($"/api/v1/stations/inspections/{id}/photos",
            Photos(("现场.png", Png, "image/png"), ("微波炉.jpg", Jpeg(), "image/jpeg")));
        upload.StatusCode.ShouldBe(HttpStatusCode.OK, await upload.Content.ReadAsStringAsync());
        (await upload.JsonAsync()).GetProperty("count").GetInt32().ShouldBe(2);

        var history = await (await officer.GetAsync($"/api/v1/stations/{station}/inspections")).JsonAsync();
        history.ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Array, history.ToString() + app.Errors);
        history.GetArrayLength().ShouldBe(1);
        var first = history[0];
        first.GetProperty("issues").GetString().ShouldBe("微波炉损坏，饮水机滤芯过期");
        first.GetProperty("hasFacilities").GetBoolean().ShouldBeFalse();
        first.GetProperty("hasSign").GetBoolean().ShouldBeTrue();
        first.GetProperty("score").GetInt32().ShouldBe(70);
        first.GetProperty("round").GetInt32().ShouldBe(1);
        first.GetProperty("rectifyBy").GetString().ShouldBe(Day(Today.AddDays(14)));
        first.GetProperty("month").GetString().ShouldBe(Day(new DateOnly(Today.Year, Today.Month, 1)));
        var photoIds = first.GetProperty("photoIds").EnumerateArray().Select(e => e.GetInt64()).ToList();
        photoIds.Count.ShouldBe(2);

        var photo = await officer.GetAsync($"/api/v1/stations/inspections/photos/{photoIds[0]}");
        photo.StatusCode.ShouldBe(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await photo.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        (await officer.GetAsync($"/api/v1/stations/inspections/photos/{photoIds[1]}")).Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");

        (await app.ScalarAsync("select count(*) from audit.entries where action = 'station.inspected' and subject_id = @s", new { s = station.ToString() })).ShouldBe(1);
    }

    public static TheoryData<string, string, string> BadInspections => new()
    {
        { "score", "101", "0到100" },
        { "score", "-1", "0到100" },
        { "score", "null", "请填写检查评分" },
        { "rectifyBy", "past", "不能早于今天" },
        { "rectifyBy", "too-late", "90天" },
        { "rectifyBy", "no-issues", "未发现问题时不能填写整改期限" },
        { "rectifyBy", "no-deadline", "发现问题时须填写整改期限" },
        { "issues", "unmet-item", "未达标项" },
        { "issues", "too-long", "不超过1000字" },
        { "inspectedOn", "future", "不能晚于今天" },
        { "inspectedOn", "long-ago", "60天前" },
        { "hasRules", "null", "有制度" },
    };

    [Theory]
    [MemberData(nameof(BadInspections))]
    public async Task Each_bad_inspection_gets_a_chinese_message_and_stores_nothing(string field, string value, string message)
    {
        var station = await StationAsync();
        var body = (field, value) switch
        {
            ("score", "null") => Inspection(b => b["score"] = null),
            ("score", _) => Inspection(b => b["score"] = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            ("rectifyBy", "past") => WithIssues(days: -1),
            ("rectifyBy", "too-late") => WithIssues(days: 91),
            ("rectifyBy", "no-issues") => Inspection(b => b["rectifyBy"] = Day(Today.AddDays(5))),
            ("rectifyBy", "no-deadline") => WithIssues().Also(b => b["rectifyBy"] = null),
            ("issues", "unmet-item") => Inspection(b => b["clean"] = false),
            ("issues", "too-long") => WithIssues(new string('脏', 1001)),
            ("inspectedOn", "future") => Inspection(b => b["inspectedOn"] = Day(Today.AddDays(1))),
            ("inspectedOn", "long-ago") => Inspection(b => b["inspectedOn"] = Day(Today.AddDays(-61))),
            ("hasRules", "null") => Inspection(b => b["hasRules"] = null),
            _ => throw new ArgumentException(field),
        };
        var response = await (await app.StaffApiAsync(w.OfficerA)).PostAsJsonAsync($"/api/v1/stations/{station}/inspections", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.ReadProblemAsync()).FieldError(field).ShouldContain(message);
        (await InspectionsAsync(station)).ShouldBe(0);
    }

    [Fact]
    public async Task One_inspection_a_month_and_a_reinspection_only_after_the_rectification_is_closed()
    {
        var station = await StationAsync();
        var officer = await app.StaffApiAsync(w.OfficerA);
        var first = await officer.InspectAsync(station, WithIssues());

        var again = await officer.PostAsJsonAsync($"/api/v1/stations/{station}/inspections", Inspection());
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("尚未整改完成");
        (await InspectionsAsync(station)).ShouldBe(1);

        var noNote = await officer.PostAsJsonAsync($"/api/v1/stations/inspections/{first}/rectification", new { note = " " });
        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noNote.ReadProblemAsync()).FieldError("note").ShouldContain("请填写整改完成情况");
        (await app.ScalarAsync("select count(*) from places.station_inspections where id = @first and rectified_at is not null", new { first })).ShouldBe(0);

        var closed = await officer.PostAsJsonAsync($"/api/v1/stations/inspections/{first}/rectification", new { note = "已更换微波炉和滤芯" });
        closed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await closed.Content.ReadAsStringAsync());
        var twice = await officer.PostAsJsonAsync($"/api/v1/stations/inspections/{first}/rectification", new { note = "再次提交" });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twice.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("整改已完成");

        var recheck = await officer.InspectAsync(station, Inspection());
        var history = await (await officer.GetAsync($"/api/v1/stations/{station}/inspections")).JsonAsync();
        history[0].GetProperty("id").GetInt64().ShouldBe(recheck);
        history[0].GetProperty("round").GetInt32().ShouldBe(2);
        history[1].GetProperty("rectificationNote").GetString().ShouldBe("已更换微波炉和滤芯");

        var third = await officer.PostAsJsonAsync($"/api/v1/stations/{station}/inspections", Inspection());
        third.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await third.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("每月检查一次");
        (await InspectionsAsync(station)).ShouldBe(2);

        var noIssues = await officer.PostAsJsonAsync($"/api/v1/stations/inspections/{recheck}/rectification", new { note = "无" });
        noIssues.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await noIssues.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("无需整改");
    }

    [Fact]
    public async Task Last_month_and_this_month_are_separate_inspections()
    {
        var station = await StationAsync();
        var officer = await app.StaffApiAsync(w.OfficerA);
        var lastMonth = new DateOnly(Today.Year, Today.Month, 1).AddDays(-1);
        if (Today.DayNumber - lastMonth.DayNumber > 60) return; // cannot happen: at most 31 days back
        await officer.InspectAsync(station, Inspection(b => b["inspectedOn"] = Day(lastMonth)));
        await officer.InspectAsync(station, Inspection());
        (await InspectionsAsync(station)).ShouldBe(2);
    }

    [Fact]
    public async Task Many_inspectors_at_once_store_exactly_one_inspection()
    {
        var station = await StationAsync();
        var officer = await app.StaffApiAsync(w.OfficerA);
        // One request first, so the organisation snapshot has reloaded after the world was created (see the report on
        // OrganisationDirectory: a reader during a reload may still see the previous snapshot).
        (await officer.GetAsync($"/api/v1/stations/{station}/inspections")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => officer.PostAsJsonAsync($"/api/v1/stations/{station}/inspections", Inspection())));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, app.Errors);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(11,
            app.Errors + string.Join(",", responses.Select(r => (int)r.StatusCode)));
        (await InspectionsAsync(station)).ShouldBe(1);
    }

    [Fact]
    public async Task Photos_that_are_not_jpeg_or_png_too_large_or_too_many_are_refused_and_nothing_is_stored()
    {
        var station = await StationAsync();
        var officer = await app.StaffApiAsync(w.OfficerA);
        var id = await officer.InspectAsync(station, Inspection());
        var before = await PhotosAsync();

        async Task RefusedAsync(MultipartFormDataContent form, string message)
        {
            var response = await officer.PostAsync($"/api/v1/stations/inspections/{id}/photos", form);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            (await response.ReadProblemAsync()).FieldError("photos").ShouldContain(message);
            (await PhotosAsync()).ShouldBe(before);
        }

        await RefusedAsync(Photos(("伪装.jpg", "GIF89a\u0001\u0000"u8.ToArray(), "image/jpeg")), "不是 JPEG 或 PNG");
        await RefusedAsync(Photos(("脚本.png", "<script>alert(1)</script>"u8.ToArray(), "image/png")), "不是 JPEG 或 PNG");
        await RefusedAsync(Photos(("大图.jpg", Jpeg(2 * 1024 * 1024 + 1), "image/jpeg")), "超过2MB");
        await RefusedAsync(Photos(("好的.png", Png, "image/png"), ("空.png", [], "image/png")), "空文件");
        await RefusedAsync(Photos(Enumerable.Range(0, 7).Select(i => ($"{i}.png", Png, "image/png")).ToArray()), "最多上传6张");

        var exactly2Mb = await officer.PostAsync($"/api/v1/stations/inspections/{id}/photos", Photos(("刚好.jpg", Jpeg(2 * 1024 * 1024), "image/jpeg")));
        exactly2Mb.StatusCode.ShouldBe(HttpStatusCode.OK, await exactly2Mb.Content.ReadAsStringAsync());
        (await PhotosAsync()).ShouldBe(++before);
        await RefusedAsync(Photos(Enumerable.Range(0, 6).Select(i => ($"{i}.png", Png, "image/png")).ToArray()), "还可上传5张");
    }

    [Fact]
    public async Task Staff_of_another_district_get_404_and_a_viewer_may_look_but_not_inspect()
    {
        var officerB = await app.StaffApiAsync(w.OfficerB);
        var a = await app.StaffApiAsync(w.OfficerA);
        var id = await a.InspectAsync(w.StationA, WithIssues());
        await a.PostAsync($"/api/v1/stations/inspections/{id}/photos", Photos(("现场.png", Png, "image/png")));
        var photoId = await app.ScalarAsync("select id from places.station_inspection_photos where inspection_id = @id", new { id });

        (await officerB.PostAsJsonAsync($"/api/v1/stations/{w.StationA}/inspections", Inspection())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officerB.GetAsync($"/api/v1/stations/{w.StationA}/inspections")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officerB.GetAsync($"/api/v1/stations/inspections/photos/{photoId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officerB.PostAsJsonAsync($"/api/v1/stations/inspections/{id}/rectification", new { note = "越权" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officerB.PostAsync($"/api/v1/stations/inspections/{id}/photos", Photos(("x.png", Png, "image/png")))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var viewer = await app.StaffApiAsync(w.ViewerA);
        (await viewer.GetAsync($"/api/v1/stations/{w.StationA}/inspections")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync($"/api/v1/stations/inspections/photos/{photoId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostAsJsonAsync($"/api/v1/stations/inspections/{id}/rectification", new { note = "只读" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var station = await StationAsync();
        (await viewer.PostAsJsonAsync($"/api/v1/stations/{station}/inspections", Inspection())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await InspectionsAsync(station)).ShouldBe(0);
        (await app.ScalarAsync("select count(*) from places.station_inspection_photos where inspection_id = @id", new { id })).ShouldBe(1);
        (await app.ScalarAsync("select count(*) from places.station_inspections where id = @id and rectified_at is not null", new { id })).ShouldBe(0);
    }

    [Fact]
    public async Task A_library_is_not_a_station_and_a_delisted_station_is_not_inspected()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var library = await StationAsync(kind: PlaceKind.Library);
        (await officer.PostAsJsonAsync($"/api/v1/stations/{library}/inspections", Inspection())).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var closed = await StationAsync(PlaceStatus.Closed);
        var response = await officer.PostAsJsonAsync($"/api/v1/stations/{closed}/inspections", Inspection());
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("已摘牌");
        (await InspectionsAsync(closed)).ShouldBe(0);
        (await InspectionsAsync(library)).ShouldBe(0);
    }
}

internal static class DictionaryExtensions
{
    public static Dictionary<string, object?> Also(this Dictionary<string, object?> body, Action<Dictionary<string, object?>> change)
    {
        change(body);
        return body;
    }
}
