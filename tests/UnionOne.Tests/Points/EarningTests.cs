using System.Net;
using System.Net.Http.Json;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.Points;

public sealed class EarningTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private PointsWorld w = null!;

    public async Task InitializeAsync() => w = await PointsWorld.CreateAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    private IPointsAwarder Awarder => app.Service<IPointsAwarder>();

    private async Task SetRuleAsync(long staffId, long unionId, PointsEvent kind, int points)
    {
        var response = await (await app.StaffApiAsync(staffId)).PutAsJsonAsync($"/api/v1/points/unions/{unionId}/rules/{(int)kind}", new { points });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + app.Errors);
    }

    [Fact]
    public async Task A_member_earns_by_the_nearest_rule_up_the_lineage_once_per_reference()
    {
        await SetRuleAsync(w.CityOfficer, w.City, PointsEvent.Quiz, 10);
        await SetRuleAsync(w.OfficerA, w.DistrictA, PointsEvent.Quiz, 15);
        var (inFactory, _, _) = await app.MemberAsync(w.FactoryA);
        var (inB, _, _) = await app.MemberAsync(w.DistrictB);

        (await Awarder.AwardAsync(inFactory, w.FactoryA, PointsEvent.Quiz, "quiz:7", default)).ShouldBe(15);   // district A's rule is nearer
        (await Awarder.AwardAsync(inB, w.DistrictB, PointsEvent.Quiz, "quiz:7", default)).ShouldBe(10);       // B has none: the city's
        (await Awarder.AwardAsync(inFactory, w.FactoryA, PointsEvent.Quiz, "quiz:7", default)).ShouldBe(15);   // a retry awards nothing more
        (await Awarder.AwardAsync(inFactory, w.FactoryA, PointsEvent.ActivityAttendance, "activity:3", default)).ShouldBeNull(); // no rule anywhere

        (await app.BalanceAsync(inFactory)).ShouldBe(15);
        (await app.BalanceAsync(inB)).ShouldBe(10);
        (await app.Service<ILedger>().BalanceAsync(new AccountRef(AccountKind.UnionPointsIssued, w.DistrictA))).ShouldBe(-15);
        (await app.Service<ILedger>().BalanceAsync(new AccountRef(AccountKind.UnionPointsIssued, w.City))).ShouldBe(-10);
        (await app.CountAsync("select count(*) from points.awards where member_id = @inFactory", new { inFactory })).ShouldBe(1);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task A_zero_rule_stops_the_walk_and_clearing_it_inherits_again()
    {
        await SetRuleAsync(w.CityOfficer, w.City, PointsEvent.ActivityAttendance, 20);
        await SetRuleAsync(w.OfficerA, w.DistrictA, PointsEvent.ActivityAttendance, 0);
        var (member, _, _) = await app.MemberAsync(w.FactoryA);

        (await Awarder.AwardAsync(member, w.FactoryA, PointsEvent.ActivityAttendance, "activity:1", default)).ShouldBeNull();
        var cleared = await (await app.StaffApiAsync(w.OfficerA)).DeleteAsync($"/api/v1/points/unions/{w.DistrictA}/rules/1");
        cleared.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Awarder.AwardAsync(member, w.FactoryA, PointsEvent.ActivityAttendance, "activity:2", default)).ShouldBe(20);
        (await app.BalanceAsync(member)).ShouldBe(20);
    }

    [Fact]
    public async Task Many_concurrent_awards_of_one_event_pay_once()
    {
        await SetRuleAsync(w.OfficerB, w.DistrictB, PointsEvent.Quiz, 12);
        var (member, _, _) = await app.MemberAsync(w.DistrictB);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Awarder.AwardAsync(member, w.DistrictB, PointsEvent.Quiz, "quiz:race", default))));
        results.ShouldAllBe(r => r == 12);
        (await app.BalanceAsync(member)).ShouldBe(12);
        (await app.CountAsync("select count(*) from wallet.transfers where reference = 'quiz:race'")).ShouldBe(1);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task Rules_show_what_applies_and_refuse_bad_values_viewers_and_other_subtrees()
    {
        await SetRuleAsync(w.CityOfficer, w.City, PointsEvent.StationRating, 5);
        var officer = await app.StaffApiAsync(w.OfficerA);
        var rules = await (await officer.GetAsync($"/api/v1/points/unions/{w.FactoryA}/rules")).JsonAsync();
        var rating = rules.EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "stationRating");
        rating.GetProperty("effective").GetInt32().ShouldBe(5);
        rating.GetProperty("effectiveUnionId").GetInt64().ShouldBe(w.City);
        rating.GetProperty("own").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        foreach (var bad in new[] { -1, 10_001 })
        {
            var response = await officer.PutAsJsonAsync($"/api/v1/points/unions/{w.DistrictA}/rules/2", new { points = bad });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.ReadProblemAsync()).FieldError("points").ShouldContain("0至10000");
        }
        (await (await app.StaffApiAsync(w.ViewerA)).PutAsJsonAsync($"/api/v1/points/unions/{w.DistrictA}/rules/2", new { points = 3 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.StaffApiAsync(w.OfficerB)).PutAsJsonAsync($"/api/v1/points/unions/{w.DistrictA}/rules/2", new { points = 3 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(w.OfficerB)).GetAsync($"/api/v1/points/unions/{w.DistrictA}/rules")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officer.PutAsJsonAsync($"/api/v1/points/unions/{w.DistrictA}/rules/4", new { points = 3 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select count(*) from points.rules where union_id = @a", new { a = w.DistrictA })).ShouldBe(0);
    }

    [Fact]
    public async Task A_manual_award_needs_a_reason_and_a_key_and_pays_once_per_key()
    {
        var (member, _, memberNo) = await app.MemberAsync(w.FactoryA);
        var officer = await app.StaffApiAsync(w.OfficerA);
        async Task<HttpResponseMessage> AwardAsync(object body, string? key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/points/awards") { Content = JsonContent.Create(body) };
            if (key is not null) request.Headers.Add("Idempotency-Key", key);
            return await officer.SendAsync(request);
        }

        var first = await AwardAsync(new { memberNo, points = 50, reason = "志愿服务表现突出" }, "award-1");
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync() + app.Errors);
        var award = await first.JsonAsync();
        award.GetProperty("issuerId").GetInt64().ShouldBe(w.DistrictA);
        var again = await AwardAsync(new { memberNo, points = 50, reason = "志愿服务表现突出" }, "award-1");
        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await again.JsonAsync()).GetProperty("id").GetInt64().ShouldBe(award.GetProperty("id").GetInt64());
        var other = await AwardAsync(new { memberNo, points = 60, reason = "志愿服务表现突出" }, "award-1");
        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await other.ReadProblemAsync()).GetProperty("detail").GetString()!.ShouldContain("幂等键");
        (await app.BalanceAsync(member)).ShouldBe(50);
        var recent = await (await officer.GetAsync($"/api/v1/points/unions/{w.DistrictA}/awards")).JsonAsync();
        var listed = recent.EnumerateArray().Single(x => x.GetProperty("id").GetInt64() == award.GetProperty("id").GetInt64());
        listed.GetProperty("memberNo").GetString().ShouldBe(memberNo);
        listed.GetProperty("memberName").GetString().ShouldBe(award.GetProperty("memberName").GetString());
        listed.GetProperty("points").GetInt64().ShouldBe(50);

        var before = await app.SnapshotAsync();
        (await AwardAsync(new { memberNo, points = 50, reason = "奖励" }, null)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var bad = await AwardAsync(new { memberNo, points = 0, reason = "" }, "award-2");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.ReadProblemAsync();
        problem.FieldError("points").ShouldContain("1至100000");
        problem.FieldError("reason").ShouldContain("奖励原因");
        var outsiderWithKey = new HttpRequestMessage(HttpMethod.Post, "/api/v1/points/awards") { Content = JsonContent.Create(new { memberNo, points = 5, reason = "越权发放" }) };
        outsiderWithKey.Headers.Add("Idempotency-Key", "b-1");
        var refused = await (await app.StaffApiAsync(w.OfficerB)).SendAsync(outsiderWithKey);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.ReadProblemAsync()).FieldError("memberNo").ShouldContain("未找到该会员");
        (await app.SnapshotAsync()).ShouldBe(before);
        await app.BooksBalanceAsync();
    }

    [Fact]
    public async Task A_station_rating_earns_the_rating_points_with_the_rating()
    {
        await SetRuleAsync(w.OfficerA, w.DistrictA, PointsEvent.StationRating, 5);
        var station = await app.InsertPlaceAsync(w.DistrictA, Modules.Places.Contracts.PlaceKind.OutdoorStation, TestActors.Unique("积分驿站"));
        var (member, phone, _) = await app.MemberAsync(w.FactoryA);
        await Places.Stations.StationTestData.ScanAsync(app, station, member, DateTime.UtcNow.AddMinutes(-20));

        var response = await app.MemberApi(phone, member).PostAsJsonAsync($"/api/v1/places/{station}/ratings", new { score = 5, comment = "很干净" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        var rated = await response.JsonAsync();
        rated.GetProperty("points").GetInt64().ShouldBe(5);
        (await app.BalanceAsync(member)).ShouldBe(5);
        var ratingId = rated.GetProperty("id").GetInt64();
        (await app.CountAsync("select count(*) from points.awards where member_id = @member and kind = 2 and reference = @r", new { member, r = $"rating:{ratingId}" })).ShouldBe(1);

        var history = await (await app.MemberApi(phone, member).GetAsync("/api/v1/points/me/history")).JsonAsync();
        var line = history.GetProperty("movements")[0];
        line.GetProperty("points").GetInt64().ShouldBe(5);
        line.GetProperty("memo").GetString().ShouldBe("驿站评价");
        await app.BooksBalanceAsync();
    }
}
