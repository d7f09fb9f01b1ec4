using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;

namespace UnionOne.Modules.Places.Usage;

public sealed record DayCount(DateOnly Day, int Visits);

public sealed record HourCount(int Hour, int Visits);

public sealed record RankedPlace(long PlaceId, string Name, PlaceKind Kind, int Visits, int Visitors);

/// <summary>One scan in the access log as staff see it: no personal data beyond the member id.</summary>
public sealed record AccessLogEntry(long Id, DateTime At, long? DeviceId, long? MemberId, AccessDirection Direction, bool Admitted, string? Reason);

public sealed record AccessLogPage(IReadOnlyList<AccessLogEntry> Items, int Total, int Page, int PageSize);

/// <summary>Occupancy, daily and hourly visits, rankings and the access log, all in Asia/Shanghai local days and hours.</summary>
internal sealed class PlaceUsage(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<PlacesOptions> options) : IPlaceOccupancy
{
    public const int LogPageSize = 50;

    public async Task<PlaceOccupancy?> OccupancyAsync(long placeId, CancellationToken ct = default) =>
        (await OccupancyAsync([placeId], ct)).GetValueOrDefault(placeId);

    public async Task<IReadOnlyDictionary<long, PlaceOccupancy>> OccupancyAsync(IReadOnlyCollection<long> placeIds, CancellationToken ct = default)
    {
        if (placeIds.Count == 0) return new Dictionary<long, PlaceOccupancy>();
        var now = clock.GetUtcNow().UtcDateTime;
        var dayStart = LocalTime.StartUtc(LocalTime.Today(clock));
        var stay = options.Value.TypicalStayMinutes;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<OccupancyRow>(new CommandDefinition("""
            select p.id as PlaceId, p.capacity as Capacity, p.scans_exits as ScansExits, coalesce(p.typical_stay_minutes, @stay)::int as Stay,
                   count(*) filter (where e.direction = 1 and e.admitted and e.at >= @dayStart)::int as VisitsToday,
                   count(*) filter (where e.direction = 2 and e.admitted and e.at >= @dayStart)::int as ExitsToday,
                   count(distinct e.member_id) filter (where e.direction = 1 and e.admitted
                         and e.at > @now - make_interval(mins => coalesce(p.typical_stay_minutes, @stay)))::int as Recent
            from places.places p
            left join places.access_events e on e.place_id = p.id and e.at >= least(@dayStart, @now - interval '12 hours') and e.at <= @now
            where p.id = any(@ids)
            group by p.id
            """, new { ids = placeIds.ToArray(), now, dayStart, stay }, cancellationToken: ct));
        return rows.ToDictionary(r => r.PlaceId, r => new PlaceOccupancy(r.PlaceId,
            r.ScansExits ? Math.Max(0, r.VisitsToday - r.ExitsToday) : r.Recent, r.Capacity, r.VisitsToday, r.ScansExits, r.Stay));
    }

    /// <summary>Admitted entries per local day over the last <paramref name="days"/> days up to today (zeros included).</summary>
    public async Task<IReadOnlyList<DayCount>> VisitsByDayAsync(IReadOnlyCollection<long>? placeIds, SubtreeFilter? subtree, int days, CancellationToken ct)
    {
        var today = LocalTime.Today(clock);
        var first = today.AddDays(1 - days);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DayRow>(new CommandDefinition($"""
            select (e.at at time zone 'Asia/Shanghai')::date as Day, count(*)::int as Visits
            from places.access_events e join places.places p on p.id = e.place_id
            where {Scope} and e.admitted and e.direction = 1 and e.at >= @from and e.at < @to
            group by 1
            """, ScopeArgs(placeIds, subtree, LocalTime.StartUtc(first), LocalTime.StartUtc(today.AddDays(1))), cancellationToken: ct));
        var byDay = rows.ToDictionary(r => r.Day, r => r.Visits);
        return Enumerable.Range(0, days).Select(i => first.AddDays(i)).Select(d => new DayCount(d, byDay.GetValueOrDefault(d))).ToList();
    }

    /// <summary>Admitted entries per local hour (0-23) of one local day.</summary>
    public async Task<IReadOnlyList<HourCount>> VisitsByHourAsync(IReadOnlyCollection<long>? placeIds, SubtreeFilter? subtree, DateOnly day, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(int Hour, int Visits)>(new CommandDefinition($"""
            select extract(hour from e.at at time zone 'Asia/Shanghai')::int as Hour, count(*)::int as Visits
            from places.access_events e join places.places p on p.id = e.place_id
            where {Scope} and e.admitted and e.direction = 1 and e.at >= @from and e.at < @to
            group by 1
            """, ScopeArgs(placeIds, subtree, LocalTime.StartUtc(day), LocalTime.StartUtc(day.AddDays(1))), cancellationToken: ct));
        var byHour = rows.ToDictionary(r => r.Hour, r => r.Visits);
        return Enumerable.Range(0, 24).Select(h => new HourCount(h, byHour.GetValueOrDefault(h))).ToList();
    }

    /// <summary>Places of the subtree ranked by admitted entries over the last <paramref name="days"/> days (closed places left out).</summary>
    public async Task<IReadOnlyList<RankedPlace>> RankingAsync(SubtreeFilter subtree, PlaceKind? kind, int days, int limit, CancellationToken ct)
    {
        var today = LocalTime.Today(clock);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RankRow>(new CommandDefinition("""
            select p.id as PlaceId, p.name as Name, p.kind as Kind, count(e.id)::int as Visits, count(distinct e.member_id)::int as Visitors
            from places.places p
            left join places.access_events e on e.place_id = p.id and e.admitted and e.direction = 1 and e.at >= @from and e.at < @to
            where (@all or p.union_id = any(@unionIds)) and p.status <> 3 and (@kind is null or p.kind = @kind)
            group by p.id
            order by Visits desc, p.name
            limit @limit
            """, new
        {
            all = subtree.All,
            unionIds = subtree.UnionIds.ToArray(),
            kind = (short?)kind,
            from = LocalTime.StartUtc(today.AddDays(1 - days)),
            to = LocalTime.StartUtc(today.AddDays(1)),
            limit,
        }, cancellationToken: ct));
        return rows.Select(r => new RankedPlace(r.PlaceId, r.Name, (PlaceKind)r.Kind, r.Visits, r.Visitors)).ToList();
    }

    /// <summary>The access log of one place, newest first; optionally one local day and only admitted or only refused scans.</summary>
    public async Task<AccessLogPage> AccessLogAsync(long placeId, DateOnly? day, bool? admitted, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var args = new
        {
            placeId,
            from = day is { } d ? LocalTime.StartUtc(d) : (DateTime?)null,
            to = day is { } d2 ? LocalTime.StartUtc(d2.AddDays(1)) : (DateTime?)null,
            admitted,
            offset = (page - 1) * LogPageSize,
            limit = LogPageSize,
        };
        const string where = """
            place_id = @placeId and (@from::timestamptz is null or at >= @from) and (@to::timestamptz is null or at < @to)
            and (@admitted::boolean is null or admitted = @admitted)
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*)::int from places.access_events where {where}", args, cancellationToken: ct));
        var rows = await conn.QueryAsync<LogRow>(new CommandDefinition($"""
            select id, at, device_id as DeviceId, member_id as MemberId, direction, admitted, reason
            from places.access_events where {where}
            order by at desc, id desc offset @offset limit @limit
            """, args, cancellationToken: ct));
        return new AccessLogPage(rows.Select(r => new AccessLogEntry(r.Id, r.At, r.DeviceId, r.MemberId, (AccessDirection)r.Direction, r.Admitted, r.Reason)).ToList(), total, page, LogPageSize);
    }

    private const string Scope = "(@placeIds::bigint[] is null or e.place_id = any(@placeIds)) and (@all or p.union_id = any(@unionIds))";

    private static object ScopeArgs(IReadOnlyCollection<long>? placeIds, SubtreeFilter? subtree, DateTime from, DateTime to) => new
    {
        placeIds = placeIds?.ToArray(),
        all = subtree?.All ?? true,
        unionIds = subtree?.UnionIds.ToArray() ?? [],
        from,
        to,
    };

    private sealed class OccupancyRow
    {
        public long PlaceId { get; set; }
        public int Capacity { get; set; }
        public bool ScansExits { get; set; }
        public int Stay { get; set; }
        public int VisitsToday { get; set; }
        public int ExitsToday { get; set; }
        public int Recent { get; set; }
    }

    private sealed class DayRow
    {
        public DateOnly Day { get; set; }
        public int Visits { get; set; }
    }

    private sealed class RankRow
    {
        public long PlaceId { get; set; }
        public string Name { get; set; } = "";
        public short Kind { get; set; }
        public int Visits { get; set; }
        public int Visitors { get; set; }
    }

    private sealed class LogRow
    {
        public long Id { get; set; }
        public DateTime At { get; set; }
        public long? DeviceId { get; set; }
        public long? MemberId { get; set; }
        public short Direction { get; set; }
        public bool Admitted { get; set; }
        public string? Reason { get; set; }
    }
}
