using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Stations.Grades;

internal sealed record GradeRunResult(string Month, int Rated, IReadOnlyDictionary<int, int> ByStars, long SubsidyFenPerYear);

internal sealed record StationGrade(
    long PlaceId, DateOnly Month, short InspectionScore, short UsageScore, short? SatisfactionScore, int Visits, int RatingCount,
    decimal? AverageRating, short TotalScore, short Stars, long SubsidyFenPerYear, bool LowUse, bool LowSatisfaction, bool FailedInspection,
    DateTime ComputedAt);

/// <summary>
/// The monthly star rating run (月度星级评定): rates every station not delisted (of the given unions) for one month from
/// its inspections, visits and members' ratings, and stores the result per station and month (earlier months are kept;
/// running a month again replaces that month's results, e.g. after late inspections). Callable by a scheduler or staff.
/// </summary>
internal sealed class GradeRun(NpgsqlDataSource dataSource, StationClock clock, IOptions<StationOptions> options, IAuditLog audit, IStringLocalizer<StationsText> l)
{
    public const string AuditRun = "station.grades-run";

    /// <summary>Parses "yyyy-MM" into the month's first day; 400 for a bad or future month.</summary>
    public DateOnly ParseMonth(string? text)
    {
        if (!DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) || month.Year < 2000)
            throw new InputValidationException("month", l["请填写要评定的月份，格式如 2026-10"]);
        if (month > StationClock.MonthOf(clock.Today)) throw new InputValidationException("month", l["不能评定未来的月份"]);
        return month;
    }

    public async Task<GradeRunResult> RunAsync(DateOnly month, SubtreeFilter unions, long? staffId, CancellationToken ct)
    {
        var o = options.Value;
        month = StationClock.MonthOf(month);
        var current = StationClock.MonthOf(clock.Today);
        if (month > current) throw new InputValidationException("month", l["不能评定未来的月份"]);
        var next = month.AddMonths(1);
        var windowStart = month.AddMonths(1 - o.WindowMonths);
        var days = month == current ? clock.Today.Day : DateTime.DaysInMonth(month.Year, month.Month);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var facts = (await conn.QueryAsync<FactsRow>(new CommandDefinition("""
            select s.id as PlaceId, s.union_id as UnionId, s.capacity as Capacity,
                   (select i.score from places.station_inspections i
                    where i.place_id = s.id and i.month between @windowStart::date and @month::date order by i.month desc, i.round desc limit 1) as LatestScore,
                   (select i.score from places.station_inspections i
                    where i.place_id = s.id and i.month = @month::date order by i.round desc limit 1) as MonthScore,
                   (select count(*) from places.access_events e
                    where e.place_id = s.id and e.admitted and e.direction = 1 and e.at >= @fromUtc and e.at < @toUtc) as Visits,
                   r.count as RatingCount, r.average as AverageRating
            from places.places s
            cross join lateral (select count(*) as count, avg(v.score)::numeric(3,2) as average from places.station_visit_ratings v
                                where v.place_id = s.id and v.visit_day >= @windowStart::date and v.visit_day < @next::date) r
            where s.kind = any(@kinds) and s.status <> 3 and (@all or s.union_id = any(@unionIds))
            order by s.id
            """, new
        {
            windowStart = DbDate.Of(windowStart),
            month = DbDate.Of(month),
            next = DbDate.Of(next),
            fromUtc = StationClock.StartUtc(month),
            toUtc = StationClock.StartUtc(next),
            kinds = StationAccess.StationKinds,
            all = unions.All,
            unionIds = unions.UnionIds.ToArray(),
        }, tx, cancellationToken: ct))).AsList();

        var byStars = Enumerable.Range(1, 5).ToDictionary(s => s, _ => 0);
        long subsidy = 0;
        foreach (var f in facts)
        {
            var g = GradeCalculator.Compute(new GradeFacts(f.Capacity, f.LatestScore, f.MonthScore, f.Visits, days, f.RatingCount, f.AverageRating), o);
            byStars[g.Stars]++;
            subsidy += g.SubsidyFenPerYear;
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into places.station_grades (place_id, month, inspection_score, usage_score, satisfaction_score, visits, rating_count,
                    average_rating, total_score, stars, subsidy_fen_per_year, low_use, low_satisfaction, failed_inspection, computed_by)
                values (@PlaceId, @month::date, @InspectionScore, @UsageScore, @SatisfactionScore, @Visits, @RatingCount,
                    @AverageRating, @TotalScore, @Stars, @SubsidyFenPerYear, @LowUse, @LowSatisfaction, @FailedInspection, @staffId)
                on conflict (place_id, month) do update set
                    inspection_score = excluded.inspection_score, usage_score = excluded.usage_score, satisfaction_score = excluded.satisfaction_score,
                    visits = excluded.visits, rating_count = excluded.rating_count, average_rating = excluded.average_rating,
                    total_score = excluded.total_score, stars = excluded.stars, subsidy_fen_per_year = excluded.subsidy_fen_per_year,
                    low_use = excluded.low_use, low_satisfaction = excluded.low_satisfaction, failed_inspection = excluded.failed_inspection,
                    computed_at = now(), computed_by = excluded.computed_by
                """, new
            {
                f.PlaceId,
                month = DbDate.Of(month),
                InspectionScore = (short)g.InspectionScore,
                UsageScore = (short)g.UsageScore,
                SatisfactionScore = (short?)g.SatisfactionScore,
                Visits = (int)Math.Min(f.Visits, int.MaxValue),
                RatingCount = (int)f.RatingCount,
                f.AverageRating,
                TotalScore = (short)g.TotalScore,
                Stars = (short)g.Stars,
                g.SubsidyFenPerYear,
                g.LowUse,
                g.LowSatisfaction,
                g.FailedInspection,
                staffId,
            }, tx, cancellationToken: ct));
        }
        var monthText = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (staffId is not null)
            await audit.WriteAsync(new AuditEntry(AuditRun, "station-grades", monthText, unions.All || unions.UnionIds.Count != 1 ? null : unions.UnionIds[0],
                new { rated = facts.Count }), tx, ct);
        await tx.CommitAsync(ct);
        return new GradeRunResult(monthText, facts.Count, byStars, subsidy);
    }

    public async Task<IReadOnlyList<StationGrade>> HistoryAsync(long placeId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<StationGrade>(new CommandDefinition($"""
            select {Columns} from places.station_grades where place_id = @placeId order by month desc
            """, new { placeId }, cancellationToken: ct))).AsList();
    }

    public const string Columns = """
        place_id as PlaceId, month, inspection_score as InspectionScore, usage_score as UsageScore, satisfaction_score as SatisfactionScore,
        visits, rating_count as RatingCount, average_rating as AverageRating, total_score as TotalScore, stars,
        subsidy_fen_per_year as SubsidyFenPerYear, low_use as LowUse, low_satisfaction as LowSatisfaction,
        failed_inspection as FailedInspection, computed_at as ComputedAt
        """;

    private sealed class FactsRow
    {
        public long PlaceId { get; set; }

        public long UnionId { get; set; }

        public int Capacity { get; set; }

        public short? LatestScore { get; set; }

        public short? MonthScore { get; set; }

        public long Visits { get; set; }

        public long RatingCount { get; set; }

        public decimal? AverageRating { get; set; }
    }
}
