using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

public sealed class UsageTests(PlacesApp app) : IClassFixture<PlacesApp>, IAsyncLifetime
{
    private PlaceWorld world = null!;

    public async Task InitializeAsync() => world = await PlaceWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Inserts a scan at a local (UTC+8) time.</summary>
    private async Task ScanAsync(long place, long? member, int day, int hour, int minute, bool admitted = true, AccessDirection direction = AccessDirection.In, long? device = 7)
    {
        await using var conn = await app.OpenAsync();
        var at = new DateTime(2026, 3, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-8);
        await conn.ExecuteAsync("""
            insert into places.access_events (place_id, device_id, member_id, direction, admitted, reason, at)
            values (@place, @device, @member, @direction, @admitted, @reason, @at)
            """, new { place, device, member, direction = (short)direction, admitted, reason = admitted ? null : "expired", at });
    }

    private IPlaceOccupancy Occupancy => app.Services.GetRequiredService<IPlaceOccupancy>();

    [Fact]
    public async Task Without_exit_scans_occupancy_counts_members_admitted_within_the_typical_stay()
    {
        app.Clock.SetLocal(2026, 3, 4, 15);
        var place = await app.InsertPlaceAsync(world.DistrictA, capacity: 20);
        await ScanAsync(place, 1, 4, 14, 30);
        await ScanAsync(place, 1, 4, 14, 40); // same member again: still one person
        await ScanAsync(place, 2, 4, 13, 30); // 90 minutes ago: left (typical stay 60)
        await ScanAsync(place, 3, 4, 14, 50, admitted: false); // refused: not inside
        await ScanAsync(place, 4, 4, 14, 59);
        await ScanAsync(place, 5, 3, 23, 0); // yesterday
        await ScanAsync(place, 6, 4, 16, 0); // after "now"

        var o = (await Occupancy.OccupancyAsync(place)).ShouldNotBeNull();
        o.Present.ShouldBe(2);
        o.VisitsToday.ShouldBe(4);
        o.CountsExits.ShouldBeFalse();
        o.TypicalStayMinutes.ShouldBe(60);
        o.Capacity.ShouldBe(20);

        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update places.places set typical_stay_minutes = 150 where id = @place", new { place });
        (await Occupancy.OccupancyAsync(place))!.Present.ShouldBe(3);
    }

    [Fact]
    public async Task With_exit_scans_occupancy_is_todays_entries_minus_exits_and_never_negative()
    {
        app.Clock.SetLocal(2026, 3, 4, 18);
        var gym = await app.InsertPlaceAsync(world.DistrictA, PlaceKind.PalaceHall, capacity: 40);
        var empty = await app.InsertPlaceAsync(world.DistrictA, capacity: 10);
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update places.places set scans_exits = true where id = any(@ids)", new { ids = new[] { gym, empty } });
        for (var m = 1; m <= 5; m++) await ScanAsync(gym, m, 4, 9 + m, 0);
        await ScanAsync(gym, 1, 4, 11, 0, direction: AccessDirection.Out);
        await ScanAsync(gym, 2, 4, 12, 30, direction: AccessDirection.Out);
        await ScanAsync(gym, 9, 3, 21, 0, direction: AccessDirection.Out); // yesterday's exit does not count today
        await ScanAsync(empty, 3, 4, 8, 0, direction: AccessDirection.Out); // an exit without an entry today

        var all = await Occupancy.OccupancyAsync([gym, empty]);
        all[gym].Present.ShouldBe(3);
        all[gym].VisitsToday.ShouldBe(5);
        all[gym].CountsExits.ShouldBeTrue();
        all[empty].Present.ShouldBe(0);

        var response = await app.Anonymous().GetAsync($"/api/v1/places/{gym}/occupancy");
        var json = await response.ReadJsonAsync();
        json.GetProperty("present").GetInt32().ShouldBe(3);
        json.GetProperty("visitsToday").GetInt32().ShouldBe(5);
    }

    [Fact]
    public async Task Scans_recorded_through_the_contract_count_at_once()
    {
        app.Clock.Fixed = null;
        var place = await app.InsertPlaceAsync(world.DistrictA);
        var events = app.Services.GetRequiredService<IAccessEvents>();
        await events.RecordAsync(new AccessEvent(place, 3, 77, AccessDirection.In, true, null));
        await events.RecordAsync(new AccessEvent(place, 3, 78, AccessDirection.In, false, "revoked"));

        var o = (await Occupancy.OccupancyAsync(place))!;
        o.Present.ShouldBe(1);
        o.VisitsToday.ShouldBe(1);
    }

    [Fact]
    public async Task Visits_by_day_and_hour_the_access_log_and_the_dashboard_ranking_come_from_the_scans()
    {
        app.Clock.SetLocal(2026, 3, 4, 20);
        var district = await app.CreateUnionAsync(TestActors.Unique("路桥区总工会"), UnionLevel.County, world.City, "331004", "federation");
        var officerId = await app.CreateStaffAsync(TestActors.Unique("pofc"), "Passw0rd!x", (district, StaffRole.Officer));
        var busy = await app.InsertPlaceAsync(district, name: TestActors.Unique("热门驿站"));
        var quiet = await app.InsertPlaceAsync(district, name: TestActors.Unique("冷门驿站"));
        var elsewhere = await app.InsertPlaceAsync(world.DistrictB, name: TestActors.Unique("黄岩驿站"));
        for (var m = 1; m <= 6; m++) await ScanAsync(busy, m, 4, 12, m);
        await ScanAsync(busy, 7, 4, 18, 5);
        await ScanAsync(busy, 8, 3, 12, 0);
        await ScanAsync(busy, 9, 4, 12, 30, admitted: false);
        await ScanAsync(busy, 1, 4, 12, 45, direction: AccessDirection.Out);
        await ScanAsync(busy, 10, 1, 9, 0); // March 1st
        await ScanAsync(quiet, 1, 4, 9, 0);
        for (var m = 1; m <= 20; m++) await ScanAsync(elsewhere, m, 4, 10, m);

        var officer = await app.StaffApiAsync(officerId);
        var visits = await (await officer.GetAsync($"/api/v1/places/{busy}/visits?day=2026-03-04")).ReadJsonAsync();
        var byDay = visits.GetProperty("byDay").EnumerateArray().ToList();
        byDay.Count.ShouldBe(30);
        byDay[^1].GetProperty("day").GetString().ShouldBe("2026-03-04");
        byDay[^1].GetProperty("visits").GetInt32().ShouldBe(7);
        byDay[^2].GetProperty("visits").GetInt32().ShouldBe(1);
        byDay[^4].GetProperty("visits").GetInt32().ShouldBe(1);
        byDay.Sum(d => d.GetProperty("visits").GetInt32()).ShouldBe(9);
        var byHour = visits.GetProperty("byHour").EnumerateArray().Select(h => h.GetProperty("visits").GetInt32()).ToList();
        byHour.Count.ShouldBe(24);
        byHour[12].ShouldBe(6);
        byHour[18].ShouldBe(1);
        byHour.Sum().ShouldBe(7);

        var log = await (await officer.GetAsync($"/api/v1/places/{busy}/access")).ReadJsonAsync();
        log.GetProperty("total").GetInt32().ShouldBe(11);
        var newest = log.GetProperty("items")[0];
        newest.GetProperty("memberId").GetInt64().ShouldBe(7);
        newest.GetProperty("deviceId").GetInt64().ShouldBe(7);
        newest.TryGetProperty("name", out _).ShouldBeFalse();
        var refused = await (await officer.GetAsync($"/api/v1/places/{busy}/access?admitted=false")).ReadJsonAsync();
        refused.GetProperty("total").GetInt32().ShouldBe(1);
        refused.GetProperty("items")[0].GetProperty("reason").GetString().ShouldBe("expired");
        var day = await (await officer.GetAsync($"/api/v1/places/{busy}/access?day=2026-03-03")).ReadJsonAsync();
        day.GetProperty("total").GetInt32().ShouldBe(1);

        var dashboard = await (await officer.GetAsync("/api/v1/places/dashboard")).ReadJsonAsync();
        var ranking = dashboard.GetProperty("ranking").EnumerateArray().Select(r => (r.GetProperty("placeId").GetInt64(), r.GetProperty("visits").GetInt32())).ToList();
        ranking.Take(2).ShouldBe([(busy, 9), (quiet, 1)]);
        ranking.Select(r => r.Item1).ShouldNotContain(elsewhere); // district B is outside the officer's subtree
        dashboard.GetProperty("byDay").EnumerateArray().Sum(d => d.GetProperty("visits").GetInt32()).ShouldBe(10);

        var city = await (await (await app.StaffApiAsync(world.CityChair)).GetAsync("/api/v1/places/dashboard")).ReadJsonAsync();
        city.GetProperty("ranking").EnumerateArray().Select(r => r.GetProperty("placeId").GetInt64()).ShouldContain(elsewhere);
        (await (await app.StaffApiAsync(world.OfficerB)).GetAsync($"/api/v1/places/dashboard?unionId={district}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(world.OfficerB)).GetAsync($"/api/v1/places/{busy}/visits")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
