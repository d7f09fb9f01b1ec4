using System.Net;
using System.Net.Http.Json;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using static UnionOne.Tests.Places.Stations.StationTestData;

namespace UnionOne.Tests.Places.Stations;

public sealed class RatingTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private StationWorld w = null!;

    public async Task InitializeAsync()
    {
        LastErrors = () => app.Errors;
        w = await StationWorld.CreateAsync(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<long> RatingsAsync(long placeId) => app.ScalarAsync("select count(*) from places.station_visit_ratings where place_id = @placeId", new { placeId });

    private Task<long> StationAsync(PlaceStatus status = PlaceStatus.Open) =>
        app.InsertPlaceAsync(w.DistrictA, PlaceKind.OutdoorStation, TestActors.Unique("评价驿站"), status: status);

    [Fact]
    public async Task A_member_admitted_yesterday_rates_that_visit_once()
    {
        var station = await StationAsync();
        var (member, phone) = await app.MemberAsync(w.DistrictA);
        await app.ScanAsync(station, member, DateTime.UtcNow.AddDays(-1));
        var client = app.MemberApi(phone, member);

        var response = await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 4, comment = "夏天有凉茶，很方便" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        var visitDay = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1).AddHours(8));
        (await response.JsonAsync()).GetProperty("visitDay").GetString().ShouldBe(Day(visitDay));
        (await app.ScalarAsync("select score from places.station_visit_ratings where place_id = @station and member_id = @member", new { station, member })).ShouldBe(4);

        var again = await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 1 });
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("已评价过");
        (await RatingsAsync(station)).ShouldBe(1);
    }

    [Fact]
    public async Task A_rating_without_a_visit_is_refused_and_nothing_is_stored()
    {
        var station = await StationAsync();
        var other = await StationAsync();
        var (member, phone) = await app.MemberAsync(w.DistrictA);
        await app.ScanAsync(other, member, DateTime.UtcNow.AddHours(-2));            // visited another station
        await app.ScanAsync(station, member, DateTime.UtcNow.AddHours(-1), admitted: false); // refused at the gate
        await app.ScanAsync(station, member, DateTime.UtcNow.AddDays(-8));            // too long ago
        var client = app.MemberApi(phone, member);

        var response = await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 5 });
        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await response.ReadProblemAsync();
        problem.GetProperty("detail").GetString()!.ShouldContain("近7天没有到访该驿站的记录");
        problem.GetProperty("code").GetString().ShouldBe("no-visit");

        var namedDay = await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 5, visitDay = Day(Today) });
        namedDay.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await namedDay.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("没有到访该驿站的记录");
        (await RatingsAsync(station)).ShouldBe(0);
    }

    [Fact]
    public async Task Each_visit_day_may_be_rated_once_and_a_named_day_must_have_a_visit()
    {
        var station = await StationAsync();
        var (member, phone) = await app.MemberAsync(w.DistrictA);
        var threeDaysAgo = Today.AddDays(-3);
        await app.ScanAsync(station, member, DateTime.SpecifyKind(threeDaysAgo.ToDateTime(new TimeOnly(2, 0)), DateTimeKind.Utc)); // 10:00 Beijing
        await app.ScanAsync(station, member, DateTime.UtcNow.AddMinutes(-5));
        var client = app.MemberApi(phone, member);

        (await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 5 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 3, visitDay = Day(threeDaysAgo) })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 3, visitDay = Day(threeDaysAgo) })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 3, visitDay = Day(Today.AddDays(-2)) })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await RatingsAsync(station)).ShouldBe(2);
    }

    public static TheoryData<string, string, string> BadRatings => new()
    {
        { "score", "0", "1到5星" },
        { "score", "6", "1到5星" },
        { "score", "null", "1到5星" },
        { "comment", "long", "不超过200字" },
        { "visitDay", "future", "7天内" },
        { "visitDay", "old", "7天内" },
    };

    [Theory]
    [MemberData(nameof(BadRatings))]
    public async Task Bad_ratings_get_a_chinese_message_and_store_nothing(string field, string value, string message)
    {
        var station = await StationAsync();
        var (member, phone) = await app.MemberAsync(w.DistrictA);
        await app.ScanAsync(station, member, DateTime.UtcNow.AddMinutes(-30));
        var body = new Dictionary<string, object?> { ["score"] = 4 };
        switch (field, value)
        {
            case ("score", "null"): body["score"] = null; break;
            case ("score", _): body["score"] = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case ("comment", _): body["comment"] = new string('好', 201); break;
            case ("visitDay", "future"): body["visitDay"] = Day(Today.AddDays(1)); break;
            default: body["visitDay"] = Day(Today.AddDays(-8)); break;
        }
        var response = await app.MemberApi(phone, member).PostAsJsonAsync($"/api/v1/places/{station}/ratings", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        (await response.ReadProblemAsync()).FieldError(field).ShouldContain(message);
        (await RatingsAsync(station)).ShouldBe(0);
    }

    [Fact]
    public async Task Many_taps_at_once_store_one_rating()
    {
        var station = await StationAsync();
        var (member, phone) = await app.MemberAsync(w.DistrictA);
        await app.ScanAsync(station, member, DateTime.UtcNow.AddMinutes(-10));
        var client = app.MemberApi(phone, member);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 1 + (i % 5) })));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, app.Errors);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(9, app.Errors);
        (await RatingsAsync(station)).ShouldBe(1);
    }

    [Fact]
    public async Task Only_members_rate_and_only_stations_that_are_not_delisted()
    {
        var station = await StationAsync();
        var notMember = app.MemberApi(Members.MemberTestData.Phone());
        var response = await notMember.PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 5 });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("只有会员");

        var closed = await StationAsync(PlaceStatus.Closed);
        var (member, phone) = await app.MemberAsync(w.DistrictA);
        await app.ScanAsync(closed, member, DateTime.UtcNow.AddMinutes(-10));
        var refused = await app.MemberApi(phone, member).PostAsJsonAsync($"/api/v1/places/{closed}/ratings", new { score = 5 });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("已摘牌");

        var library = await app.InsertPlaceAsync(w.DistrictA, PlaceKind.Library);
        (await app.MemberApi(phone, member).PostAsJsonAsync($"/api/v1/places/{library}/ratings", new { score = 5 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Anonymous().PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 5 })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.ScalarAsync("select count(*) from places.station_visit_ratings where place_id in (@station, @closed, @library)", new { station, closed, library })).ShouldBe(0);
    }

    [Fact]
    public async Task Staff_see_recent_ratings_of_their_subtree_only()
    {
        var (member, phone) = await app.MemberAsync(w.DistrictA);
        await app.ScanAsync(w.StationA, member, DateTime.UtcNow.AddMinutes(-10));
        (await app.MemberApi(phone, member).PostAsJsonAsync($"/api/v1/places/{w.StationA}/ratings", new { score = 2, comment = "饮水机没水" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var ratings = await (await (await app.StaffApiAsync(w.ViewerA)).GetAsync($"/api/v1/stations/{w.StationA}/ratings")).JsonAsync();
        ratings.EnumerateArray().ShouldContain(r => r.GetProperty("comment").GetString() == "饮水机没水");
        (await (await app.StaffApiAsync(w.OfficerB)).GetAsync($"/api/v1/stations/{w.StationA}/ratings")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
