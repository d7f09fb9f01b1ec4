using Dapper;
using Npgsql;

namespace UnionOne.Modules.Libraries.Places;

/// <summary>Interim place list (libraries.interim_places) until the Places module's directory is on main.</summary>
internal sealed class InterimLibraryPlaces(NpgsqlDataSource dataSource) : ILibraryPlaces
{
    public async Task<LibraryPlace?> FindAsync(long placeId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LibraryPlace>(new CommandDefinition(
            "select id, union_id as UnionId, kind, name from libraries.interim_places where id = @placeId", new { placeId }, cancellationToken: ct));
    }
}
