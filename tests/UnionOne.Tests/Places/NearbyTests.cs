using System.Net;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

public sealed class NearbyTests(PlacesApp app) : IClassFixture<PlacesApp>
{
    private sealed record Cluster(double Lat, double Lng, long Near24h, long Weekdays, long Library, long Closed);

    private static int clusters;

    /// <summary>
    /// Four places around a point of its own (clusters 0.3° apart, so tests do not see each other's): a 24-hour station 500 m
    /// north, a weekday station ~1 km east (Mon-Fri 08:00-20:00), a library 2 km south (Tue-Sun 09:00-20:30), and a closed station 100 m away.
    /// </summary>
    private async Task<Cluster> ClusterAsync()
    {
        var n = Interlocked.Increment(ref clusters);
        var (lat, lng) = (28.0 + 0.3 * n, 121.0 + 0.3 * n);
        var union = await app.CreateUnionAsync(TestActors.Unique("地图测试工会"), UnionLevel.County, regionCode: "331004");
        var near = await app.InsertPlaceAsync(union, name: "24小时驿站", latitude: lat + 0.0045, longitude: lng, open24h: true);
        var weekdays = await app.InsertPlaceAsync(union, name: "工作日驿站", latitude: lat, longitude: lng + 1000 / (111_195 * Math.Cos(lat * Math.PI / 180)), open24h: false);
        var library = await app.InsertPlaceAsync(union, PlaceKind.Library, name: "职工书屋", latitude: lat - 0.018, longitude: lng, open24h: false);
        var closed = await app.InsertPlaceAsync(union, name: "已关闭驿站", latitude: lat + 0.0009, longitude: lng, status: PlaceStatus.Closed);
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("update places.places set facilities = '{water,charging}' where id = @near", new { near });
        await conn.ExecuteAsync("""update places.places set facilities = '{water,toilet}', opening_hours = '[{"days":[1,2,3,4,5],"from":"08:00","to":"20:00"}]' where id = @weekdays""", new { weekdays });
        await conn.ExecuteAsync("""update places.places set facilities = '{books}', opening_hours = '[{"days":[2,3,4,5,6,7],"from":"09:00","to":"20:30"}]' where id = @library""", new { library });
        return new Cluster(lat, lng, near, weekdays, library, closed);
    }

    private async Task<List<JsonElement>> NearbyAsync(Cluster c, string extra = "")
    {
        var response = await app.Anonymous().GetAsync(FormattableString.Invariant($"/api/v1/places/nearby?lat={c.Lat}&lng={c.Lng}&radiusKm=5{extra}"));
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static long[] Ids(List<JsonElement> places) => places.Select(p => p.GetProperty("id").GetInt64()).ToArray();

    [Fact]
    public async Task Anonymous_callers_get_the_nearest_first_with_distances_and_both_coordinate_systems()
    {
        app.Clock.SetLocal(2026, 3, 2, 10); // a Monday
        var c = await ClusterAsync();

        var places = await NearbyAsync(c);

        Ids(places).ShouldBe([c.Near24h, c.Weekdays, c.Library]); // closed place left out
        places[0].GetProperty("distanceMetres").GetInt32().ShouldBeInRange(495, 505);
        places[1].GetProperty("distanceMetres").GetInt32().ShouldBeInRange(990, 1010);
        places[2].GetProperty("distanceMetres").GetInt32().ShouldBeInRange(1990, 2010);
        var first = places[0];
        first.GetProperty("wgs84").GetProperty("latitude").GetDouble().ShouldBe(c.Lat + 0.0045, 1e-9);
        first.GetProperty("gcj02").GetProperty("latitude").GetDouble().ShouldNotBe(c.Lat + 0.0045);
        first.GetProperty("facilities").EnumerateArray().Select(f => f.GetProperty("label").GetString()).ShouldBe(["饮水", "充电"]);
        first.GetProperty("kindLabel").GetString().ShouldBe("户外劳动者驿站");
    }

    [Fact]
    public async Task Facility_and_kind_filters_keep_only_matching_places()
    {
        app.Clock.SetLocal(2026, 3, 2, 10);
        var c = await ClusterAsync();
        Ids(await NearbyAsync(c, "&facility=water")).ShouldBe([c.Near24h, c.Weekdays]);
        Ids(await NearbyAsync(c, "&facility=toilet")).ShouldBe([c.Weekdays]);
        Ids(await NearbyAsync(c, "&kind=library")).ShouldBe([c.Library]);
        Ids(await NearbyAsync(c, "&limit=1")).ShouldBe([c.Near24h]);
    }

    [Theory]
    [InlineData(2026, 3, 2, 10, new[] { "near", "weekdays" })] // Monday morning: the library is closed on Mondays
    [InlineData(2026, 3, 2, 19, new[] { "near", "weekdays" })] // Monday 19:00
    [InlineData(2026, 3, 2, 20, new[] { "near" })] // Monday 20:00: the weekday station has just closed (the end is exclusive)
    [InlineData(2026, 3, 3, 20, new[] { "near", "library" })] // Tuesday 20:00: weekday station closed at 20:00, library open until 20:30
    [InlineData(2026, 3, 7, 7, new[] { "near" })] // Saturday 07:00: only the 24-hour station
    [InlineData(2026, 3, 7, 9, new[] { "near", "library" })] // Saturday 09:00
    public async Task Open_now_is_evaluated_in_shanghai_local_time_from_the_clock(int y, int m, int d, int hour, string[] expected)
    {
        app.Clock.SetLocal(y, m, d, hour);
        var c = await ClusterAsync();
        var names = new Dictionary<long, string> { [c.Near24h] = "near", [c.Weekdays] = "weekdays", [c.Library] = "library" };
        var open = (await NearbyAsync(c, "&openNow=true")).Select(p => names[p.GetProperty("id").GetInt64()]).ToArray();
        var all = await NearbyAsync(c);
        all.Count.ShouldBe(3);
        all.Where(p => p.GetProperty("openNow").GetBoolean()).Select(p => names[p.GetProperty("id").GetInt64()]).ShouldBe(open);
        open.ShouldBe(expected);
    }

    [Theory]
    [InlineData("lat=95&lng=121", "lat", "纬度应在-90到90之间")]
    [InlineData("lat=28.6&lng=-200", "lng", "经度应在-180到180之间")]
    [InlineData("lng=121", "lat", "纬度应在-90到90之间")]
    [InlineData("lat=28.6&lng=121.4&facility=sauna", "facility", "未知的设施：sauna")]
    [InlineData("lat=28.6&lng=121.4&limit=500", "limit", "每次最多返回100个阵地")]
    public async Task Bad_queries_get_chinese_field_errors(string query, string field, string message)
    {
        var response = await app.Anonymous().GetAsync("/api/v1/places/nearby?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.FieldErrorAsync(field)).ShouldBe(message);
    }

    [Fact]
    public async Task Six_hundred_stations_are_searched_quickly()
    {
        app.Clock.Fixed = null;
        var union = await app.CreateUnionAsync(TestActors.Unique("大量驿站工会"), UnionLevel.County, regionCode: "331081");
        await using (var conn = await app.OpenAsync())
        {
            await conn.ExecuteAsync("""
                insert into places.places (union_id, kind, name, address, latitude, longitude, open_24h, capacity, facilities, opening_hours)
                select @union, 4, '批量驿站' || g, '温岭市测试路' || g || '号', 26.5 + (g % 30) * 0.01, 120.5 + (g / 30) * 0.01, g % 3 = 0, 10,
                       case when g % 2 = 0 then '{water,charging}'::text[] else '{rest}'::text[] end,
                       '[{"days":[1,2,3,4,5,6,7],"from":"06:00","to":"22:00"}]'::jsonb
                from generate_series(1, 600) g
                """, new { union });
        }
        var client = app.Anonymous();
        (await client.GetAsync("/api/v1/places/nearby?lat=26.6&lng=120.6&openNow=true&facility=water")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            var response = await client.GetAsync("/api/v1/places/nearby?lat=26.6&lng=120.6&openNow=true&facility=water&limit=50");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (watch.ElapsedMilliseconds / 20).ShouldBeLessThan(100);
    }
}
