using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.MemberCode.Devices;

/// <summary>A registered gate device with its place, as the gate check needs it.</summary>
internal sealed record GateDevice(long Id, string Name, long UnionId, bool Active, AccessDirection Direction, byte[] SecretHash, PlaceRef Place, UnionSummary PlaceUnion);

/// <summary>
/// Registered devices, cached for <see cref="MemberCodeOptions.DeviceCacheSeconds"/> so a scan does not re-read them;
/// revoking a device in this instance takes effect at once, in other instances within the cache time.
/// </summary>
internal sealed class DeviceRegistry(NpgsqlDataSource dataSource, IPlaceDirectory places, IOrganisationDirectory unions,
    IOptions<MemberCodeOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, (GateDevice? Device, long LoadedMs)> cache = new();

    public static byte[] HashSecret(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    /// <summary>The device when the credential "id.secret" is right and the device active; else null.</summary>
    public async ValueTask<GateDevice?> AuthenticateAsync(string credential, CancellationToken ct)
    {
        var dot = credential.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(credential.AsSpan(0, dot), out var id)) return null;
        var device = await FindAsync(id, ct);
        if (device is not { Active: true }) return null;
        var presented = HashSecret(credential[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(presented, device.SecretHash) ? device : null;
    }

    public async ValueTask<GateDevice?> FindAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (cache.TryGetValue(id, out var hit) && now - hit.LoadedMs <= options.Value.DeviceCacheSeconds * 1000L) return hit.Device;
        var device = await LoadAsync(id, ct);
        cache[id] = (device, now);
        return device;
    }

    public void Forget(long id) => cache.TryRemove(id, out _);

    private async Task<GateDevice?> LoadAsync(long id, CancellationToken ct)
    {
        Row? row;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                "select id, name, union_id as UnionId, place_id as PlaceId, direction, secret_hash as SecretHash, status from member_code.devices where id = @id",
                new { id }, cancellationToken: ct));
        }
        if (row is null) return null;
        var place = await places.FindAsync(row.PlaceId, ct);
        var placeUnion = place is null ? null : await unions.FindAsync(place.UnionId, ct);
        if (place is null || placeUnion is null) return null;
        return new GateDevice(row.Id, row.Name, row.UnionId, row.Status == 1, (AccessDirection)row.Direction, row.SecretHash, place, placeUnion);
    }

    private sealed record Row(long Id, string Name, long UnionId, long PlaceId, short Direction, byte[] SecretHash, short Status);
}
