using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Libraries.Places;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Libraries;

/// <summary>
/// Which libraries the current staff member may see or run: those whose place belongs to a union in their subtree.
/// Outside it a library is "not found" (404), so its existence is not leaked.
/// </summary>
internal sealed class LibraryAccess(ILibraryPlaces places, StaffGate gate, NpgsqlDataSource dataSource, IStringLocalizer<LibrariesText> l)
{
    /// <summary>The opened library at <paramref name="placeId"/> when the current staff member may do <paramref name="permission"/> there.</summary>
    public async Task<LibraryPlace> RequireAsync(Permission permission, long placeId, CancellationToken ct)
    {
        var place = await places.FindAsync(placeId, ct);
        if (place is null || !await IsOpenAsync(placeId, ct)) throw new NotFoundException(l["未找到该职工书屋"]);
        await RequireUnionAsync(permission, place, ct);
        return place;
    }

    /// <summary>The place (opened or not) when the staff member may do <paramref name="permission"/> on its union.</summary>
    public async Task RequireUnionAsync(Permission permission, LibraryPlace place, CancellationToken ct)
    {
        try
        {
            await gate.RequireAsync(permission, place.UnionId, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该职工书屋"]);
        }
    }

    public Task<bool> CanAsync(Permission permission, LibraryPlace place, CancellationToken ct) => gate.CanAsync(permission, place.UnionId, ct);

    private async Task<bool> IsOpenAsync(long placeId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from libraries.libraries where place_id = @placeId)", new { placeId }, cancellationToken: ct));
    }
}
