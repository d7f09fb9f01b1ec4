using Dapper;
using Npgsql;
using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.Places.Directory;

internal sealed class PlaceDirectory(NpgsqlDataSource dataSource) : IPlaceDirectory
{
    public async Task<PlaceRef?> FindAsync(long placeId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            "select id, union_id as UnionId, kind, name, admits, status, capacity, parent_place_id as ParentPlaceId from places.places where id = @placeId",
            new { placeId }, cancellationToken: ct));
        return row is null ? null
            : new PlaceRef(row.Id, row.UnionId, (PlaceKind)row.Kind, row.Name, (PlaceAdmission)row.Admits, (PlaceStatus)row.Status, row.Capacity) { ParentPlaceId = row.ParentPlaceId };
    }

    private sealed record Row(long Id, long UnionId, short Kind, string Name, short Admits, short Status, int Capacity, long? ParentPlaceId);
}
