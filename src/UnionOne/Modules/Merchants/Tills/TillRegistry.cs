using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Merchants.Tills;

/// <summary>A registered till with its merchant's status: it authenticates only while both are active.</summary>
internal sealed record Till(long Id, long MerchantId, string Name, bool Revoked, MerchantStatus MerchantStatus, byte[] SecretHash)
{
    public bool CanAuthenticate => !Revoked && MerchantStatus == MerchantStatus.Active;

    public ClaimsPrincipal Principal(string scheme) => new(new ClaimsIdentity(
    [
        new Claim(TillAuth.TillIdClaim, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(TillAuth.MerchantIdClaim, MerchantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, Name),
    ], scheme));
}

/// <summary>
/// Tills, each cached for <see cref="MerchantsOptions.CacheSeconds"/> so a payment does not re-read it. Revoking a till, or
/// suspending or exiting its merchant, in this instance forgets the entry at once (other instances within the cache time).
/// </summary>
internal sealed class TillRegistry(NpgsqlDataSource dataSource, IOptions<MerchantsOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, (Till? Till, long LoadedMs)> cache = new();

    public static byte[] HashSecret(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    /// <summary>The till when the credential "id.secret" is right and the till and its merchant are active; else null.</summary>
    public async ValueTask<Till?> AuthenticateAsync(string credential, CancellationToken ct)
    {
        var dot = credential.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot > 19 || !long.TryParse(credential.AsSpan(0, dot), System.Globalization.NumberStyles.None, null, out var id)) return null;
        var till = await FindAsync(id, ct);
        if (till is not { CanAuthenticate: true }) return null;
        var presented = HashSecret(credential[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(presented, till.SecretHash) ? till : null;
    }

    public async ValueTask<Till?> FindAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (cache.TryGetValue(id, out var hit) && now - hit.LoadedMs < options.Value.CacheSeconds * 1000L) return hit.Till;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            select t.id, t.merchant_id as MerchantId, t.name, t.status, m.status as MerchantStatus, t.secret_hash as SecretHash
            from merchants.tills t join merchants.merchants m on m.id = t.merchant_id
            where t.id = @id
            """, new { id }, cancellationToken: ct));
        var till = row is null ? null : new Till(row.Id, row.MerchantId, row.Name, row.Status != 1, (MerchantStatus)row.MerchantStatus, row.SecretHash);
        cache[id] = (till, now);
        return till;
    }

    public void Forget(long tillId) => cache.TryRemove(tillId, out _);

    /// <summary>Forgets every cached till of the merchant (its status changed).</summary>
    public void ForgetMerchant(long merchantId)
    {
        foreach (var (id, entry) in cache)
            if (entry.Till?.MerchantId == merchantId) cache.TryRemove(id, out _);
    }

    private sealed record Row(long Id, long MerchantId, string Name, short Status, short MerchantStatus, byte[] SecretHash);
}
