using System.Net;
using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using static UnionOne.Tests.Places.Stations.StationTestData;

namespace UnionOne.Tests.Places.Stations;

public sealed class StationPagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private StationWorld w = null!;

    public async Task InitializeAsync()
    {
        LastErrors = () => app.Errors;
        w = await StationWorld.CreateAsync(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Text(string html) => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " "));

    private async Task<HttpResponseMessage> PostInspectionFormAsync(HttpClient client, long placeId, params (string Name, string Value)[] fields)
    {
        var html = await client.GetStringAsync($"/console/stations/{placeId}/inspections");
        var form = new MultipartFormDataContent { { new StringContent(PageForms.AntiforgeryToken(html)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var photo = new ByteArrayContent(Png);
        photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(photo, "photos", "现场.png");
        return await client.PostAsync($"/console/stations/{placeId}/inspections/new", form);
    }

    [Fact]
    public async Task The_station_list_shows_stars_subsidy_and_flags_of_the_subtree_only()
    {
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("""
                insert into places.station_grades (place_id, month, inspection_score, usage_score, satisfaction_score, visits, rating_count,
                    total_score, stars, subsidy_fen_per_year, low_use, low_satisfaction, failed_inspection)
                values (@s, date_trunc('month', now())::date - interval '1 month', 95, 10, 100, 3, 3, 68, 2, 0, true, false, false)
                """, new { s = w.StationA });
        var listResponse = await (await app.StaffPagesAsync(w.OfficerA)).GetAsync("/console/stations");
        var html = await listResponse.Content.ReadAsStringAsync();
        listResponse.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        var row = Text(html[html.IndexOf($"data-place=\"{w.StationA}\"", StringComparison.Ordinal)..]);
        row.ShouldContain("★★☆☆☆");
        row.ShouldContain("使用率低");
        row.ShouldContain("未检查");
        html.ShouldContain("run-grades");
        html.ShouldNotContain($"data-place=\"{w.StationB}\"");

        var viewerHtml = await (await app.StaffPagesAsync(w.ViewerA)).GetStringAsync("/console/stations");
        viewerHtml.ShouldContain($"data-place=\"{w.StationA}\"");
        viewerHtml.ShouldNotContain("run-grades");
    }

    [Fact]
    public async Task The_rating_button_rates_the_subtree_for_the_chosen_month_and_a_bad_month_rates_nothing()
    {
        var client = await app.StaffPagesAsync(w.OfficerB);
        var bad = await client.PostFormAsync("/console/stations", "run-grades", ("Run.Month", "2026-13"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(await bad.Content.ReadAsStringAsync()).ShouldContain("格式如");
        (await app.ScalarAsync("select count(*) from places.station_grades where place_id = @s", new { s = w.StationB })).ShouldBe(0);

        var month = Month(new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1));
        var ok = await client.PostFormAsync("/console/stations", "run-grades", ("Run.Month", month));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        Text(await ok.Content.ReadAsStringAsync()).ShouldContain($"{month}评定完成");
        (await app.ScalarAsync("select count(*) from places.station_grades where place_id = @s", new { s = w.StationB })).ShouldBe(1);
        (await app.ScalarAsync("select count(*) from places.station_grades where place_id = @s", new { s = w.StationA })).ShouldBe(0);
    }

    [Fact]
    public async Task The_inspection_form_records_with_a_photo_and_shows_bad_input_without_storing_it()
    {
        var station = await app.InsertPlaceAsync(w.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("页面检查驿站"));
        var client = await app.StaffPagesAsync(w.OfficerA);

        var bad = await PostInspectionFormAsync(client, station, ("hasSign", "true"), ("score", "80"), ("issues", "缺少制度上墙"));
        bad.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var badPage = Text(await client.GetStringAsync(bad.Headers.Location!.ToString()));
        badPage.ShouldContain("发现问题时须填写整改期限");
        (await app.ScalarAsync("select count(*) from places.station_inspections where place_id = @station", new { station })).ShouldBe(0);
        (await app.ScalarAsync("select count(*) from places.station_inspection_photos")).ShouldBe(0);

        var good = await PostInspectionFormAsync(client, station, ("hasSign", "true"), ("hasLayout", "true"), ("hasFacilities", "true"), ("hasFunctions", "true"),
            ("hasRules", "true"), ("onMap", "true"), ("clean", "true"), ("score", "76"), ("issues", "未按公示时间开放"), ("rectifyBy", Day(Today.AddDays(10))));
        good.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await client.GetStringAsync(good.Headers.Location!.ToString());
        Text(page).ShouldContain("检查已登记");
        Text(page).ShouldContain("未按公示时间开放");
        page.ShouldContain("/console/stations/photos/");
        var inspection = await app.ScalarAsync("select id from places.station_inspections where place_id = @station", new { station });
        (await app.ScalarAsync("select count(*) from places.station_inspections where id = @inspection and not open_as_posted and score = 76", new { inspection })).ShouldBe(1);
        (await app.ScalarAsync("select count(*) from places.station_inspection_photos where inspection_id = @inspection", new { inspection })).ShouldBe(1);
        var photoId = await app.ScalarAsync("select id from places.station_inspection_photos where inspection_id = @inspection", new { inspection });
        (await client.GetAsync($"/console/stations/photos/{photoId}")).Content.Headers.ContentType!.MediaType.ShouldBe("image/png");

        var noNote = await client.PostFormAsync($"/console/stations/{station}/inspections", $"close-{inspection}", ("Close.Note", ""));
        noNote.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var closed = await client.PostFormAsync($"/console/stations/{station}/inspections", $"close-{inspection}", ("Close.Note", "已调整开放时间"));
        closed.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        Text(await closed.Content.ReadAsStringAsync()).ShouldContain("已确认整改完成");
        (await app.ScalarAsync("select count(*) from places.station_inspections where id = @inspection and rectification_note = '已调整开放时间'", new { inspection })).ShouldBe(1);
    }

    [Fact]
    public async Task Another_district_gets_404_pages_and_a_viewer_gets_no_forms_and_403_on_the_upload()
    {
        var other = await (await app.StaffPagesAsync(w.OfficerB)).GetAsync($"/console/stations/{w.StationA}/inspections");
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Content.ReadAsStringAsync()).ShouldNotContain("沈河区环卫驿站");

        var viewer = await app.StaffPagesAsync(w.ViewerA);
        var html = await viewer.GetStringAsync($"/console/stations/{w.StationA}/inspections");
        html.ShouldNotContain("inspections/new");
        var form = new MultipartFormDataContent
        {
            { new StringContent(PageForms.AntiforgeryToken(await viewer.GetStringAsync("/console/account"))), "__RequestVerificationToken" },
            { new StringContent("90"), "score" },
        };
        var response = await viewer.PostAsync($"/console/stations/{w.StationA}/inspections/new", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ScalarAsync("select count(*) from places.station_inspections where place_id = @s", new { s = w.StationA })).ShouldBe(0);
    }

    [Fact]
    public async Task The_rectify_page_lists_flagged_stations_and_officers_act_but_only_chairs_delist()
    {
        var station = await app.InsertPlaceAsync(w.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("页面整改驿站"));
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("""
                insert into places.station_grades (place_id, month, inspection_score, usage_score, satisfaction_score, visits, rating_count,
                    total_score, stars, subsidy_fen_per_year, low_use, low_satisfaction, failed_inspection)
                select @station, (date_trunc('month', now()) - make_interval(months => m))::date, 70, 5, null, 1, 0, 40, 1, 0, true, false, false
                from generate_series(1, 3) m
                """, new { station });

        var officer = await app.StaffPagesAsync(w.OfficerA);
        var html = await officer.GetStringAsync("/console/stations/rectify");
        Text(html).ShouldContain("连续3个月使用率低");
        html.ShouldContain($"decide-{station}");
        (await (await app.StaffPagesAsync(w.ViewerA)).GetStringAsync("/console/stations/rectify")).ShouldNotContain($"decide-{station}");
        Text(await (await app.StaffPagesAsync(w.OfficerB)).GetStringAsync("/console/stations/rectify")).ShouldNotContain("页面整改驿站");

        var noReason = await officer.PostFormAsync("/console/stations/rectify", $"decide-{station}", ("Decision.Action", "rectify"), ("Decision.Reason", ""));
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Text(await noReason.Content.ReadAsStringAsync()).ShouldContain("请填写原因");
        var delist = await officer.PostFormAsync("/console/stations/rectify", $"decide-{station}", ("Decision.Action", "close"), ("Decision.Reason", "长期无人使用"));
        delist.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.ScalarAsync("select status from places.places where id = @station", new { station })).ShouldBe(1);

        var rectify = await officer.PostFormAsync("/console/stations/rectify", $"decide-{station}", ("Decision.Action", "rectify"), ("Decision.Reason", "连续三个月使用率低"));
        rectify.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        (await app.ScalarAsync("select status from places.places where id = @station", new { station })).ShouldBe(2);
        var chair = await app.StaffPagesAsync(w.ChairA);
        (await chair.PostFormAsync("/console/stations/rectify", $"decide-{station}", ("Decision.Action", "close"), ("Decision.Reason", "整改无效，摘牌"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.ScalarAsync("select status from places.places where id = @station", new { station })).ShouldBe(3);
    }

    [Fact]
    public async Task A_member_rates_a_visit_on_the_phone_page_and_without_a_visit_is_told_why()
    {
        var station = await app.InsertPlaceAsync(w.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("手机评价驿站"));
        var (visitor, visitorPhone) = await app.MemberAsync(w.DistrictA);
        var visitedAt = DateTime.UtcNow.AddMinutes(-20);
        await app.ScanAsync(station, visitor, visitedAt);
        var client = app.MemberPages(visitorPhone, visitor);
        // The visit's day in China time: just after midnight it is yesterday.
        Text(await client.GetStringAsync($"/places/{station}/rate")).ShouldContain($"评价您{Day(DateOnly.FromDateTime(visitedAt.AddHours(8)))}的到访");
        var rated = await client.PostFormAsync($"/places/{station}/rate", "rate-visit", ("Model.Score", "5"), ("Model.Comment", "冬天有热水，谢谢"));
        rated.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        Text(await rated.Content.ReadAsStringAsync()).ShouldContain("感谢您的评价");
        (await app.ScalarAsync("select count(*) from places.station_visit_ratings where place_id = @station and member_id = @visitor and comment = '冬天有热水，谢谢'", new { station, visitor })).ShouldBe(1);

        var (stranger, strangerPhone) = await app.MemberAsync(w.DistrictA);
        var strangerClient = app.MemberPages(strangerPhone, stranger);
        Text(await strangerClient.GetStringAsync($"/places/{station}/rate")).ShouldContain("近7天没有您在该驿站的入场记录");
        var refused = await strangerClient.PostFormAsync($"/places/{station}/rate", "rate-visit", ("Model.Score", "1"));
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Text(await refused.Content.ReadAsStringAsync()).ShouldContain("没有到访该驿站的记录");
        (await app.ScalarAsync("select count(*) from places.station_visit_ratings where member_id = @stranger", new { stranger })).ShouldBe(0);

        (await client.GetAsync("/places/999999/rate")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
