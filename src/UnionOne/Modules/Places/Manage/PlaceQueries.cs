using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Manage;

public sealed record PlaceListFilter(long? UnionId = null, PlaceKind? Kind = null, PlaceStatus? Status = null, string? Query = null, int Page = 1);

public sealed record PlaceListPage(IReadOnlyList<PlaceListItem> Items, int Total, int Page, int PageSize);

/// <summary>Reads of places for staff, limited to their subtree.</summary>
internal sealed class PlaceQueries(NpgsqlDataSource dataSource, StaffGate gate, IOrganisationDirectory unions, IStringLocalizer<PlacesText> l)
{
    public const int PageSize = 50;

    public async Task<PlaceDetail> GetAsync(long id, CancellationToken ct)
    {
        var detail = await LoadAsync(id, ct) ?? throw new NotFoundException(l["未找到该阵地"]);
        await gate.RequireAsync(Permission.Read, detail.UnionId, ct);
        return detail;
    }

    /// <summary>The place without any access check (public pages show only what is public from it).</summary>
    public async Task<PlaceDetail?> LoadAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QueryFirstOrDefaultAsync<PlaceRow>(new CommandDefinition($"select {PlaceRow.Columns} where p.id = @id", new { id }, cancellationToken: ct));
        if (row is null) return null;
        var photos = (await conn.QueryAsync<long>(new CommandDefinition(
            "select id from places.place_photos where place_id = @id order by id", new { id }, cancellationToken: ct))).ToList();
        var halls = await ListRowsAsync(conn, "p.parent_place_id = @id", new { id }, ct);
        var union = await unions.FindAsync(row.UnionId, ct);
        return new PlaceDetail(row.Id, row.UnionId, union?.Name ?? "", (PlaceKind)row.Kind, row.ParentPlaceId, row.ParentName, row.Name, row.Address,
            row.Wgs84, ChinaCoordinates.WgsToGcj(row.Wgs84), row.Open24h, OpeningHours.FromJson(row.OpeningHours), row.Facilities, row.Capacity,
            (PlaceAdmission)row.Admits, (PlaceStatus)row.Status, row.ClosedReason, row.ContactPhone, row.Checklist, row.ScansExits,
            row.TypicalStayMinutes, photos, halls, row.CreatedAt, row.UpdatedAt);
    }

    public async Task<PlaceListPage> ListAsync(PlaceListFilter filter, CancellationToken ct)
    {
        var subtree = await gate.SubtreeAsync(Permission.Read, filter.UnionId, ct);
        var page = Math.Max(1, filter.Page);
        var q = string.IsNullOrWhiteSpace(filter.Query) ? null : Platform.Database.Like.Containing(filter.Query.Trim());
        const string where = """
            (@all or p.union_id = any(@ids)) and (@kind is null or p.kind = @kind) and (@status is null or p.status = @status)
            and (@q is null or p.name like @q or p.address like @q)
            """;
        var args = new { all = subtree.All, ids = subtree.UnionIds.ToArray(), kind = (short?)filter.Kind, status = (short?)filter.Status, q, offset = (page - 1) * PageSize, limit = PageSize };
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"select count(*)::int from places.places p where {where}", args, cancellationToken: ct));
        var items = await ListRowsAsync(conn, where + " order by p.union_id, p.kind, p.name offset @offset limit @limit", args, ct);
        return new PlaceListPage(items, total, page, PageSize);
    }

    /// <summary>Palaces the current staff member can see (the parent choice of a hall).</summary>
    public async Task<IReadOnlyList<PlaceListItem>> PalacesAsync(CancellationToken ct)
    {
        var subtree = await gate.SubtreeAsync(Permission.Read, null, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await ListRowsAsync(conn, "(@all or p.union_id = any(@ids)) and p.kind = 1 and p.status <> 3 order by p.name",
            new { all = subtree.All, ids = subtree.UnionIds.ToArray() }, ct);
    }

    /// <summary>
    /// Suggestions for the union field (a datalist; any union id of the subtree may be typed): the staff member's own
    /// nodes and the county and federation nodes where they may manage places, ordered by tree path.
    /// </summary>
    public async Task<IReadOnlyList<UnionSummary>> UnionSuggestionsAsync(CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var result = new Dictionary<long, UnionSummary>();
        foreach (var id in scope.RootsFor(PlacePermissions.Manage))
            if (await unions.FindAsync(id, ct) is { IsActive: true } u) result[u.Id] = u;
        foreach (var u in await unions.RegionalNodesAsync(ct))
            if (u.IsActive && scope.Can(PlacePermissions.Manage, u)) result[u.Id] = u;
        return result.Values.OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<PlaceListItem>> ListRowsAsync(NpgsqlConnection conn, string where, object args, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<PlaceRow>(new CommandDefinition($"select {PlaceRow.Columns} where {where}", args, cancellationToken: ct));
        var list = new List<PlaceListItem>();
        foreach (var r in rows)
        {
            var union = await unions.FindAsync(r.UnionId, ct);
            list.Add(new PlaceListItem(r.Id, r.UnionId, union?.Name ?? "", (PlaceKind)r.Kind, r.Name, r.Address, (PlaceStatus)r.Status, r.Capacity, r.Checklist.Count, r.Open24h));
        }
        return list;
    }
}
