using System.Net;
using Dapper;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.DemoData;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

public sealed class DemoPlacesTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task The_demo_city_gets_about_forty_places_around_taizhou_with_a_palace_of_four_halls_and_a_month_of_scans()
    {
        _ = app.Services; // starts the host: migrations, then the demo seeder
        await using var conn = await app.OpenAsync();

        var kinds = (await conn.QueryAsync<(short Kind, long Count)>("select kind, count(*) from places.places group by kind")).ToDictionary(x => (PlaceKind)x.Kind, x => x.Count);
        kinds.Values.Sum().ShouldBe(46);
        kinds[PlaceKind.CulturalPalace].ShouldBe(1);
        kinds[PlaceKind.PalaceHall].ShouldBe(4);
        kinds[PlaceKind.Library].ShouldBe(6);
        kinds[PlaceKind.OutdoorStation].ShouldBe(25);
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from places.places h join places.places p on p.id = h.parent_place_id where h.kind = 2 and p.kind = 1
            """)).ShouldBe(4);
        var box = await conn.QuerySingleAsync<(double MinLat, double MaxLat, double MinLng, double MaxLng)>(
            "select min(latitude), max(latitude), min(longitude), max(longitude) from places.places");
        box.MinLat.ShouldBeGreaterThan(28.0);
        box.MaxLat.ShouldBeLessThan(28.8);
        box.MinLng.ShouldBeGreaterThan(121.1);
        box.MaxLng.ShouldBeLessThan(121.6);
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.access_events")).ShouldBeGreaterThan(5_000);

        var response = await app.Anonymous().GetAsync("/api/v1/places/nearby?lat=28.6564&lng=121.4208&limit=3");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync())[0].GetProperty("name").GetString()!.ShouldStartWith("台州市");
    }
}
