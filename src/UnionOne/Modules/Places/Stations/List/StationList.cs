using Dapper;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Places.Stations.List;

/// <summary>A station in the console list: its latest rating, subsidy, last inspection and warning signs.</summary>
internal sealed record StationRow(
    long PlaceId, string Name, long UnionId, short Kind, short Status, int Capacity,
    DateOnly? GradeMonth, short? Stars, short? TotalScore, long? SubsidyFenPerYear, bool? LowUse, bool? LowSatisfaction, bool? FailedInspection,
    DateOnly? LastInspectedOn, short? LastScore, bool OpenRectification, DateOnly? RectifyBy)
{
    public string UnionName { get; set; } = "";
}

internal sealed record StationPage(int Total, int Page, int PageSize, IReadOnlyList<StationRow> Rows);

internal sealed class StationList(NpgsqlDataSource dataSource, IOrganisationDirectory directory)
{
    public const int PageSize = 100;

    public async Task<StationPage> ListAsync(SubtreeFilter unions, short? status, int page, CancellationToken ct)
    {
        page = Math.Max(page, 1);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var args = new { kinds = StationAccess.StationKinds, all = unions.All, unionIds = unions.UnionIds.ToArray(), status, take = PageSize, skip = (page - 1) * PageSize };
        const string Where = "p.kind = any(@kinds) and (@all or p.union_id = any(@unionIds)) and (@status::smallint is null or p.status = @status)";
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*)::int from places.places p where {Where}", args, cancellationToken: ct));
        var rows = (await conn.QueryAsync<StationRow>(new CommandDefinition($"""
            select p.id as PlaceId, p.name, p.union_id as UnionId, p.kind, p.status, p.capacity,
                   g.month as GradeMonth, g.stars, g.total_score as TotalScore, g.subsidy_fen_per_year as SubsidyFenPerYear,
                   g.low_use as LowUse, g.low_satisfaction as LowSatisfaction, g.failed_inspection as FailedInspection,
                   i.inspected_on as LastInspectedOn, i.score as LastScore,
                   exists (select 1 from places.station_inspections o where o.place_id = p.id and o.issues is not null and o.rectified_at is null) as OpenRectification,
                   (select min(o.rectify_by) from places.station_inspections o where o.place_id = p.id and o.issues is not null and o.rectified_at is null) as RectifyBy
            from places.places p
            left join lateral (select * from places.station_grades g where g.place_id = p.id order by g.month desc limit 1) g on true
            left join lateral (select * from places.station_inspections i where i.place_id = p.id order by i.month desc, i.round desc limit 1) i on true
            where {Where}
            order by p.union_id, p.name, p.id
            limit @take offset @skip
            """, args, cancellationToken: ct))).AsList();
        foreach (var r in rows) r.UnionName = (await directory.FindAsync(r.UnionId, ct))?.Name ?? "";
        return new StationPage(total, page, PageSize, rows);
    }
}
