using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Places.Stations.Rectify;

/// <summary>A station on the rectify-or-close list, with how many of the last months showed each warning sign.</summary>
internal sealed record RectifyCandidate(
    long PlaceId, string Name, long UnionId, short Kind, short Status, long LowUseMonths, long LowSatisfactionMonths, long FailedInspectionMonths,
    short LatestStars, short LatestTotalScore)
{
    public string UnionName { get; set; } = "";
}

internal sealed record RectifyListResult(string? AsOf, int FlagMonths, IReadOnlyList<RectifyCandidate> Stations);

/// <summary>
/// The rectify-or-close list (整改/摘牌名单): stations not delisted whose rated months up to <c>asOf</c> showed the same
/// warning sign — low use, low satisfaction or a failed inspection — in each of the last <see cref="StationOptions.FlagMonths"/>
/// months (a month without a rating run does not count as a warning).
/// </summary>
internal sealed class RectifyList(NpgsqlDataSource dataSource, IOrganisationDirectory directory, IOptions<StationOptions> options)
{
    public async Task<RectifyListResult> ListAsync(DateOnly? asOf, SubtreeFilter unions, CancellationToken ct)
    {
        var n = options.Value.FlagMonths;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var month = asOf ?? await conn.ExecuteScalarAsync<DateOnly?>(new CommandDefinition("select max(month) from places.station_grades", cancellationToken: ct));
        if (month is not { } m) return new RectifyListResult(null, n, []);
        var rows = (await conn.QueryAsync<RectifyCandidate>(new CommandDefinition("""
            select p.id as PlaceId, p.name, p.union_id as UnionId, p.kind, p.status,
                   count(*) filter (where g.low_use) as LowUseMonths,
                   count(*) filter (where g.low_satisfaction) as LowSatisfactionMonths,
                   count(*) filter (where g.failed_inspection) as FailedInspectionMonths,
                   (array_agg(g.stars order by g.month desc))[1] as LatestStars,
                   (array_agg(g.total_score order by g.month desc))[1] as LatestTotalScore
            from places.places p
            join places.station_grades g on g.place_id = p.id and g.month between @from::date and @m::date
            where p.kind = any(@kinds) and p.status <> 3 and (@all or p.union_id = any(@unionIds))
            group by p.id
            having count(*) filter (where g.low_use) >= @n
                or count(*) filter (where g.low_satisfaction) >= @n
                or count(*) filter (where g.failed_inspection) >= @n
            order by p.status, (array_agg(g.total_score order by g.month desc))[1], p.id
            limit 1000
            """, new { from = DbDate.Of(m.AddMonths(1 - n)), m = DbDate.Of(m), n, kinds = StationAccess.StationKinds, all = unions.All, unionIds = unions.UnionIds.ToArray() },
            cancellationToken: ct))).AsList();
        foreach (var r in rows) r.UnionName = (await directory.FindAsync(r.UnionId, ct))?.Name ?? "";
        return new RectifyListResult(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), n, rows);
    }
}
