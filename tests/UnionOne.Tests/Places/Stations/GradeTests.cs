using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Stations;
using UnionOne.Modules.Places.Stations.Grades;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using static UnionOne.Tests.Places.Stations.StationTestData;

namespace UnionOne.Tests.Places.Stations;

public sealed class GradeTests(UnionOneApp app) : IClassFixture<UnionOneApp>, IAsyncLifetime
{
    private StationWorld w = null!;
    private static readonly DateOnly Month = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);
    private static readonly int Days = DateTime.DaysInMonth(Month.Year, Month.Month);

    public async Task InitializeAsync()
    {
        LastErrors = () => app.Errors;
        w = await StationWorld.CreateAsync(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task InspectionAsync(long placeId, DateOnly month, int score)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("""
            insert into places.station_inspections (place_id, month, round, inspected_on, inspector_staff_id, inspector_name,
                has_sign, has_layout, has_facilities, has_functions, has_rules, on_map, clean, open_as_posted, score)
            values (@placeId, @month::date, 1, (@month::date + 9), @staff, '检查员', true, true, true, true, true, true, true, true, @score)
            """, new { placeId, month = month.ToDateTime(TimeOnly.MinValue), staff = w.OfficerA, score });
    }

    /// <summary>Admitted entries spread over the month (and one refused scan per day, which must not count).</summary>
    private async Task VisitsAsync(long placeId, DateOnly month, int perDay)
    {
        await using var conn = await app.OpenAsync();
        var start = month.ToDateTime(TimeOnly.MinValue).AddHours(-8); // Beijing midnight in UTC
        await conn.ExecuteAsync("""
            insert into places.access_events (place_id, member_id, direction, admitted, at)
            select @placeId, 1000 + v, 1, true, @start::timestamp at time zone 'UTC' + make_interval(days => d, hours => 9, mins => v)
            from generate_series(0, @days - 1) d, generate_series(1, @perDay) v;
            insert into places.access_events (place_id, member_id, direction, admitted, at)
            select @placeId, 999, 1, false, @start::timestamp at time zone 'UTC' + make_interval(days => d, hours => 10)
            from generate_series(0, @days - 1) d;
            """, new { placeId, start, days = DateTime.DaysInMonth(month.Year, month.Month), perDay });
    }

    private async Task RatingsAsync(long placeId, DateOnly day, params int[] scores)
    {
        foreach (var score in scores)
        {
            var (member, _) = await app.MemberAsync(w.DistrictA);
            await using var conn = await app.OpenAsync();
            await conn.ExecuteAsync("insert into places.station_visit_ratings (place_id, member_id, visit_day, score) values (@placeId, @member, @day::date, @score)",
                new { placeId, member, day = day.ToDateTime(TimeOnly.MinValue), score });
        }
    }

    private sealed record GradeRow(short InspectionScore, short UsageScore, short? SatisfactionScore, int Visits, short TotalScore, short Stars,
        long SubsidyFenPerYear, bool LowUse, bool LowSatisfaction, bool FailedInspection);

    private async Task<GradeRow> GradeAsync(long placeId, DateOnly month)
    {
        await using var conn = await app.OpenAsync();
        return await conn.QuerySingleAsync<GradeRow>("""
            select inspection_score as InspectionScore, usage_score as UsageScore, satisfaction_score as SatisfactionScore, visits,
                   total_score as TotalScore, stars, subsidy_fen_per_year as SubsidyFenPerYear, low_use as LowUse,
                   low_satisfaction as LowSatisfaction, failed_inspection as FailedInspection
            from places.station_grades where place_id = @placeId and month = @month::date
            """, new { placeId, month = month.ToDateTime(TimeOnly.MinValue) });
    }

    [Fact]
    public async Task The_monthly_run_rates_each_station_from_inspection_usage_and_satisfaction_and_keeps_history()
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("评级街道工会"), UnionLevel.Federation, w.DistrictA, "210103", "street-federation");
        var model = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "模范驿站", capacity: 2);
        var idle = await app.InsertPlaceAsync(union, PlaceKind.WorkshopStation, "闲置工间站", capacity: 10);
        var poor = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "问题驿站", capacity: 10);
        var busy = await app.InsertPlaceAsync(union, PlaceKind.WorkersHome, "繁忙职工之家", capacity: 10);
        var library = await app.InsertPlaceAsync(union, PlaceKind.Library, "不参评书屋");
        var closed = await app.InsertPlaceAsync(union, PlaceKind.OutdoorStation, "已摘牌驿站", status: PlaceStatus.Closed);

        await InspectionAsync(model, Month, 95);
        await VisitsAsync(model, Month, 2);
        await RatingsAsync(model, Month.AddDays(3), 5, 5, 5);

        await InspectionAsync(poor, Month, 50);
        await VisitsAsync(poor, Month, 5);
        await RatingsAsync(poor, Month.AddDays(4), 2, 2, 2);

        await InspectionAsync(busy, Month.AddMonths(-2), 80); // still within the 3-month window
        await VisitsAsync(busy, Month, 8);
        await RatingsAsync(busy, Month.AddDays(5), 1, 1);      // too few ratings to count

        var officer = await app.StaffApiAsync(w.OfficerA);
        var response = await officer.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month = Month(Month), unionId = union });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + app.Errors);
        var result = await response.JsonAsync();
        result.GetProperty("rated").GetInt32().ShouldBe(4);
        result.GetProperty("byStars").GetProperty("5").GetInt32().ShouldBe(1);
        result.GetProperty("byStars").GetProperty("4").GetInt32().ShouldBe(1);
        result.GetProperty("byStars").GetProperty("1").GetInt32().ShouldBe(2);
        result.GetProperty("subsidyFenPerYear").GetInt64().ShouldBe(2_000_000);

        // 0.4×95 + 0.3×100 + 0.3×100 = 98 → 5★, 12,000 元 a year.
        (await GradeAsync(model, Month)).ShouldBe(new GradeRow(95, 100, 100, 2 * Days, 98, 5, 1_200_000, false, false, false));
        // Never inspected, never visited, never rated: 0 → 1★, low use.
        (await GradeAsync(idle, Month)).ShouldBe(new GradeRow(0, 0, null, 0, 0, 1, 0, true, false, false));
        // 0.4×50 + 0.3×50 + 0.3×25 = 42.5 → 43 → 1★; failed inspection, low satisfaction.
        (await GradeAsync(poor, Month)).ShouldBe(new GradeRow(50, 50, 25, 5 * Days, 43, 1, 0, false, true, true));
        // Satisfaction left out (2 ratings < 3): (40×80 + 30×80) / 70 = 80 → 4★.
        (await GradeAsync(busy, Month)).ShouldBe(new GradeRow(80, 80, null, 8 * Days, 80, 4, 800_000, false, false, false));
        (await app.ScalarAsync("select count(*) from places.station_grades where place_id in (@library, @closed)", new { library, closed })).ShouldBe(0);

        // The month before is rated too and kept beside it; re-running a month replaces only that month.
        (await officer.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month = Month(Month.AddMonths(-1)), unionId = union })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await InspectionAsync(idle, Month, 100);
        (await officer.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month = Month(Month), unionId = union })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GradeAsync(idle, Month)).InspectionScore.ShouldBe((short)100);
        (await GradeAsync(idle, Month)).TotalScore.ShouldBe((short)57); // 40×100 / 70
        var history = await (await officer.GetAsync($"/api/v1/stations/{model}/grades")).JsonAsync();
        history.EnumerateArray().Select(g => g.GetProperty("month").GetString()).ShouldBe([Day(Month), Day(Month.AddMonths(-1))]);
        history[1].GetProperty("inspectionScore").GetInt32().ShouldBe(0); // the inspection of the later month does not count for an earlier one
        history[1].GetProperty("stars").GetInt32().ShouldBe(1);
        (await app.ScalarAsync("select count(*) from audit.entries where action = 'station.grades-run'")).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task A_bad_or_future_month_is_refused_and_nothing_is_rated()
    {
        var officer = await app.StaffApiAsync(w.OfficerA);
        var before = await app.ScalarAsync("select count(*) from places.station_grades");
        foreach (var (month, message) in new[] { ("2026-13", "格式如"), ("十月", "格式如"), ("", "格式如"), (Month(Today.AddMonths(1)), "未来的月份") })
        {
            var response = await officer.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month, unionId = w.DistrictA });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, month);
            (await response.ReadProblemAsync()).FieldError("month").ShouldContain(message);
        }
        (await app.ScalarAsync("select count(*) from places.station_grades")).ShouldBe(before);
    }

    [Fact]
    public async Task Viewers_may_not_run_the_rating_and_another_district_is_not_found()
    {
        var viewer = await (app.StaffApiAsync(w.ViewerA));
        (await viewer.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month = Month(Month), unionId = w.DistrictA })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month = Month(Month) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var officerB = await app.StaffApiAsync(w.OfficerB);
        (await officerB.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month = Month(Month), unionId = w.DistrictA })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await officerB.GetAsync($"/api/v1/stations/{w.StationA}/grades")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.ScalarAsync("select count(*) from places.station_grades where place_id = @s", new { s = w.StationA })).ShouldBe(0);

        // Without a union the run covers the caller's own subtree only.
        (await officerB.PostAsJsonAsync("/api/v1/stations/grade-runs", new { month = Month(Month) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.ScalarAsync("select count(*) from places.station_grades where place_id = @s", new { s = w.StationB })).ShouldBe(1);
        (await app.ScalarAsync("select count(*) from places.station_grades where place_id = @s", new { s = w.StationA })).ShouldBe(0);
    }

    [Fact]
    public void The_options_refuse_weights_not_summing_to_100_falling_subsidies_and_unordered_stars()
    {
        var validator = new StationOptionsValidator();
        validator.Validate(null, new StationOptions()).Succeeded.ShouldBeTrue();
        validator.Validate(null, new StationOptions { UsageWeight = 50 }).FailureMessage!.ShouldContain("must be 100");
        validator.Validate(null, new StationOptions { FourStarSubsidyFen = 2_000_000 }).FailureMessage!.ShouldContain("never fall");
        validator.Validate(null, new StationOptions { ThreeStarMinimum = 85 }).FailureMessage!.ShouldContain("rise strictly");
        validator.Validate(null, new StationOptions { FlagMonths = 0 }).FailureMessage!.ShouldContain("FlagMonths");
        validator.Validate(null, new StationOptions { FullUseVisitsPerSeatPerDay = 0 }).FailureMessage!.ShouldContain("FullUseVisitsPerSeatPerDay");
    }

    [Fact]
    public void The_calculator_follows_the_documented_weights_and_grades()
    {
        var o = new StationOptions();
        var full = GradeCalculator.Compute(new GradeFacts(10, 100, 100, 300, 30, 10, 5m), o);
        full.ShouldBe(new GradeResult(100, 100, 100, 100, 5, 1_200_000, false, false, false));
        GradeCalculator.Compute(new GradeFacts(10, 90, 90, 150, 30, 10, 4m), o).TotalScore.ShouldBe(74); // 36 + 15 + 22.5 → 73.5 → 74
        GradeCalculator.Compute(new GradeFacts(10, 90, 90, 150, 30, 10, 4m), o).Stars.ShouldBe(3);
        GradeCalculator.Compute(new GradeFacts(0, 60, 60, 30, 30, 0, null), o).UsageScore.ShouldBe(100); // capacity 0 counts as 1 seat
    }
}

public sealed class BadStationOptionsApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Stations:SatisfactionWeight"] = "50" };
}

public sealed class StationOptionsStartTests(BadStationOptionsApp app) : IClassFixture<BadStationOptionsApp>
{
    [Fact]
    public void The_app_does_not_start_with_weights_not_summing_to_100()
    {
        var e = Should.Throw<Exception>(() => app.CreateClient());
        (e is OptionsValidationException || e.InnerException is OptionsValidationException || e.ToString().Contains("OptionsValidationException", StringComparison.Ordinal)).ShouldBeTrue(e.ToString());
        e.ToString().ShouldContain("InspectionWeight + UsageWeight + SatisfactionWeight must be 100");
    }
}
