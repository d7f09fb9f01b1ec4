using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using static UnionOne.Tests.Places.Stations.StationTestData;

namespace UnionOne.Tests.Places.Stations;

public sealed class RectifyTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private StationWorld w = null!;
    private static readonly DateOnly AsOf = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);

    public async Task InitializeAsync()
    {
        LastErrors = () => app.Errors;
        w = await StationWorld.CreateAsync(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Stored monthly results, newest month = AsOf, going back one month per flag set.</summary>
    private async Task GradesAsync(long placeId, params (bool LowUse, bool LowSatisfaction, bool Failed)[] months)
    {
        await using var conn = await app.OpenAsync();
        for (var i = 0; i < months.Length; i++)
            await conn.ExecuteAsync("""
                insert into places.station_grades (place_id, month, inspection_score, usage_score, satisfaction_score, visits, rating_count,
                    total_score, stars, subsidy_fen_per_year, low_use, low_satisfaction, failed_inspection)
                values (@placeId, @month::date, 70, 30, 60, 10, 3, 55, 1, 0, @LowUse, @LowSatisfaction, @Failed)
                """, new { placeId, month = AsOf.AddMonths(-i).ToDateTime(TimeOnly.MinValue), months[i].LowUse, months[i].LowSatisfaction, months[i].Failed });
    }

    private Task<long> StatusAsync(long placeId) => app.ScalarAsync("select status from places.places where id = @placeId", new { placeId });

    [Fact]
    public async Task Stations_with_the_same_warning_for_three_months_are_listed_and_others_are_not()
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("整改测试街道"), UnionLevel.Federation, w.DistrictA, "210103", "street-federation");
        var idle = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "连续低使用驿站");
        var disliked = await app.InsertPlaceAsync(union, PlaceKind.WorkshopStation, "连续低满意度工间站");
        var failing = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "连续检查不合格驿站");
        var mixed = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "时好时坏驿站");
        var recovered = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "已好转驿站");
        var closed = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "已摘牌驿站", status: PlaceStatus.Closed);
        await GradesAsync(idle, (true, false, false), (true, false, false), (true, true, false));
        await GradesAsync(disliked, (false, true, false), (false, true, true), (false, true, false));
        await GradesAsync(failing, (false, false, true), (true, false, true), (false, false, true));
        await GradesAsync(mixed, (true, false, false), (false, true, false), (false, false, true));
        await GradesAsync(recovered, (false, false, false), (true, false, false), (true, false, false), (true, false, false));
        await GradesAsync(closed, (true, false, false), (true, false, false), (true, false, false));

        var viewer = await app.StaffApiAsync(w.ViewerA);
        var list = await (await viewer.GetAsync($"/api/v1/stations/rectify-list?unionId={union}&asOf={Month(AsOf)}")).JsonAsync();
        list.GetProperty("flagMonths").GetInt32().ShouldBe(3);
        var rows = list.GetProperty("stations").EnumerateArray().ToDictionary(r => r.GetProperty("placeId").GetInt64());
        rows.Keys.Order().ShouldBe(new[] { idle, disliked, failing }.Order());
        rows[idle].GetProperty("lowUseMonths").GetInt32().ShouldBe(3);
        rows[disliked].GetProperty("lowSatisfactionMonths").GetInt32().ShouldBe(3);
        rows[failing].GetProperty("failedInspectionMonths").GetInt32().ShouldBe(3);
        rows[failing].GetProperty("unionName").GetString()!.ShouldStartWith("整改测试街道");

        // A month earlier, "recovered" had three low-use months in a row.
        var earlier = await (await viewer.GetAsync($"/api/v1/stations/rectify-list?unionId={union}&asOf={Month(AsOf.AddMonths(-1))}")).JsonAsync();
        earlier.GetProperty("stations").EnumerateArray().Select(r => r.GetProperty("placeId").GetInt64()).ShouldContain(recovered);

        var bad = await viewer.GetAsync($"/api/v1/stations/rectify-list?asOf=2026-1x");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ReadProblemAsync()).FieldError("asOf").ShouldContain("格式如");

        var other = await (await (await app.StaffApiAsync(w.OfficerB)).GetAsync($"/api/v1/stations/rectify-list?asOf={Month(AsOf)}")).JsonAsync();
        other.GetProperty("stations").GetArrayLength().ShouldBe(0);
        (await (await app.StaffApiAsync(w.OfficerB)).GetAsync($"/api/v1/stations/rectify-list?unionId={union}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_officer_orders_rectification_and_reopens_and_only_the_chair_delists_each_audited()
    {
        var station = await app.InsertPlaceAsync(w.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("待整改驿站"));
        var officer = await app.StaffApiAsync(w.OfficerA);
        var chair = await app.StaffApiAsync(w.ChairA);

        var rectify = await officer.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "rectify", reason = "连续3个月使用率低于20%" });
        rectify.StatusCode.ShouldBe(HttpStatusCode.OK, await rectify.Content.ReadAsStringAsync() + app.Errors);
        (await rectify.JsonAsync()).GetProperty("status").GetString().ShouldBe("rectifying");
        (await StatusAsync(station)).ShouldBe(2);

        var twice = await officer.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "rectify", reason = "再次整改" });
        twice.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await twice.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("已在整改中");

        (await officer.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "reopen", reason = "已增设充电设施，恢复开放" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(station)).ShouldBe(1);
        var reopenAgain = await officer.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "reopen", reason = "重复恢复" });
        reopenAgain.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reopenAgain.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("不在整改中");

        (await officer.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "close", reason = "经办人摘牌" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StatusAsync(station)).ShouldBe(1);
        (await chair.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "close", reason = "整改后仍无人使用，予以摘牌" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StatusAsync(station)).ShouldBe(3);
        var afterClose = await chair.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "reopen", reason = "想恢复" });
        afterClose.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await afterClose.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("已摘牌");
        (await StatusAsync(station)).ShouldBe(3);

        var history = await (await officer.GetAsync($"/api/v1/stations/{station}/status-changes")).JsonAsync();
        history.EnumerateArray().Select(h => h.GetProperty("toStatus").GetInt32()).ShouldBe([3, 1, 2]);
        history[0].GetProperty("reason").GetString().ShouldBe("整改后仍无人使用，予以摘牌");
        await using var conn = await app.OpenAsync();
        var audited = (await conn.QueryAsync<string>("select action from audit.entries where subject_kind = 'place' and subject_id = @s and action like 'station.%' order by seq",
            new { s = station.ToString() })).ToList();
        audited.ShouldBe(["station.rectify", "station.reopen", "station.close"]);
    }

    [Theory]
    [InlineData("rectify", "", "reason", "请填写原因")]
    [InlineData("rectify", "差", "reason", "请填写原因")]
    [InlineData("demolish", "连续低使用", "action", "请选择操作")]
    [InlineData(null, "连续低使用", "action", "请选择操作")]
    public async Task Bad_decisions_get_a_chinese_message_and_change_nothing(string? action, string reason, string field, string message)
    {
        var station = await app.InsertPlaceAsync(w.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("驿站"));
        var response = await (await app.StaffApiAsync(w.ChairA)).PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action, reason });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError(field).ShouldContain(message);
        (await StatusAsync(station)).ShouldBe(1);
        (await app.ScalarAsync("select count(*) from places.station_status_changes where place_id = @station", new { station })).ShouldBe(0);
    }

    [Fact]
    public async Task Another_district_gets_404_and_a_viewer_403_and_nothing_changes()
    {
        (await (await app.StaffApiAsync(w.OfficerB)).PostAsJsonAsync($"/api/v1/stations/{w.StationA}/status", new { action = "rectify", reason = "越权整改" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.ViewerA)).PostAsJsonAsync($"/api/v1/stations/{w.StationA}/status", new { action = "rectify", reason = "只读整改" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StatusAsync(w.StationA)).ShouldBe(1);
        (await app.ScalarAsync("select count(*) from places.station_status_changes where place_id = @s", new { s = w.StationA })).ShouldBe(0);
    }

    [Fact]
    public async Task Two_decisions_at_once_apply_once()
    {
        var station = await app.InsertPlaceAsync(w.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("并发整改驿站"));
        var officer = await app.StaffApiAsync(w.OfficerA);
        (await officer.GetAsync($"/api/v1/stations/{station}/status-changes")).StatusCode.ShouldBe(HttpStatusCode.OK); // snapshot reloaded first
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            officer.PostAsJsonAsync($"/api/v1/stations/{station}/status", new { action = "rectify", reason = $"并发整改{i}" })));
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1, app.Errors);
        var bodies = string.Join("\n", await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")));
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7, app.Errors + bodies);
        (await app.ScalarAsync("select count(*) from places.station_status_changes where place_id = @station", new { station })).ShouldBe(1);
    }
}
