using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;

namespace UnionOne.Modules.Merchants.Directory;

/// <summary>
/// Merchants as the wallet sees them. A single merchant is served from memory for <see cref="MerchantsOptions.CacheSeconds"/>
/// (a till pays many times a minute); every change made in this instance forgets it at once.
/// </summary>
internal sealed class MerchantDirectory(NpgsqlDataSource dataSource, IOptions<MerchantsOptions> options, TimeProvider clock) : IMerchantDirectory
{
    public const int MaxNearest = 100;
    private const double EarthRadiusMetres = 6371008.8;

    private readonly ConcurrentDictionary<long, (MerchantRef? Merchant, long LoadedMs)> cache = new();

    public async Task<MerchantRef?> FindAsync(long merchantId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (cache.TryGetValue(merchantId, out var hit) && now - hit.LoadedMs < options.Value.CacheSeconds * 1000L) return hit.Merchant;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<MerchantRefRow>(new CommandDefinition(
            $"select {MerchantRefRow.Columns} from merchants.merchants m where m.id = @merchantId", new { merchantId }, cancellationToken: ct));
        var merchant = row?.ToRef();
        cache[merchantId] = (merchant, now);
        return merchant;
    }

    public void Forget(long merchantId) => cache.TryRemove(merchantId, out _);

    public async Task<IReadOnlyList<MerchantRef>> FindManyAsync(IReadOnlyCollection<long> merchantIds, CancellationToken ct = default)
    {
        if (merchantIds.Count == 0) return [];
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<MerchantRefRow>(new CommandDefinition(
            $"select {MerchantRefRow.Columns} from merchants.merchants m where m.id = any(@ids) order by m.id",
            new { ids = merchantIds.Distinct().ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToRef()).ToList();
    }

    public async Task<IReadOnlyList<NearbyMerchant>> NearestActiveAsync(double latitude, double longitude, int take, CancellationToken ct = default)
    {
        if (double.IsNaN(latitude) || double.IsNaN(longitude) || latitude is < -90 or > 90 || longitude is < -180 or > 180)
            throw new ArgumentOutOfRangeException(nameof(latitude), "latitude must lie in [-90, 90] and longitude in [-180, 180]");
        take = Math.Clamp(take, 1, MaxNearest);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<NearRow>(new CommandDefinition($"""
            select {MerchantRefRow.Columns},
                   2 * {EarthRadiusMetres.ToString(System.Globalization.CultureInfo.InvariantCulture)} * asin(least(1, sqrt(
                       power(sin(radians(m.latitude - @latitude) / 2), 2)
                       + cos(radians(@latitude)) * cos(radians(m.latitude)) * power(sin(radians(m.longitude - @longitude) / 2), 2)))) as Distance
            from merchants.merchants m
            where m.status = 5 and m.latitude is not null
            order by Distance, m.id
            limit @take
            """, new { latitude, longitude, take }, cancellationToken: ct));
        return rows.Select(r => new NearbyMerchant(
            new MerchantRef(r.Id, r.UnionId, r.Name, (MerchantCategory)r.Category, r.DiscountBp, (MerchantStatus)r.Status, r.Address, r.Latitude, r.Longitude),
            r.Distance)).ToList();
    }

    public async Task<IReadOnlyList<MerchantRef>> OfUnionsAsync(IReadOnlyCollection<long> unionIds, CancellationToken ct = default)
    {
        if (unionIds.Count == 0) return [];
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<MerchantRefRow>(new CommandDefinition(
            $"select {MerchantRefRow.Columns} from merchants.merchants m where m.union_id = any(@ids) order by m.id",
            new { ids = unionIds.Distinct().ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToRef()).ToList();
    }

    private sealed record NearRow(long Id, long UnionId, string Name, short Category, int DiscountBp, short Status, string Address, double? Latitude, double? Longitude, double Distance);
}
