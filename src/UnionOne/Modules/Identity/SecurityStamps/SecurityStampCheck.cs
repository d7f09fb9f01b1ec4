using System.Globalization;
using System.Security.Claims;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.SecurityStamps;

/// <summary>
/// Decides whether a staff principal (cookie or bearer token) is still good: the account exists, is not disabled,
/// and its security stamp equals the one the principal carries. A password change writes a new stamp, so every
/// session and token issued before it stops working. The stamp is cached for a few seconds per account;
/// this instance forgets it at once when it changes the stamp itself.
/// </summary>
internal sealed class SecurityStampCheck(NpgsqlDataSource dataSource, IMemoryCache cache, IOptions<IdentityModuleOptions> options)
{
    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (principal.FindFirstValue(UnionClaims.StaffId) is not { } idText) return true; // not staff: nothing to check
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var staffId)) return false;
        if (!Guid.TryParse(principal.FindFirstValue(UnionClaims.SecurityStamp), out var stamp)) return false;
        var current = await CurrentStampAsync(staffId, ct);
        return current == stamp;
    }

    public void Forget(long staffId) => cache.Remove(Key(staffId));

    private async ValueTask<Guid?> CurrentStampAsync(long staffId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(staffId), out Guid? cached)) return cached;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var stamp = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "select security_stamp from identity.staff_users where id = @staffId and not disabled", new { staffId }, cancellationToken: ct));
        cache.Set(Key(staffId), stamp, TimeSpan.FromSeconds(options.Value.StampCacheSeconds));
        return stamp;
    }

    private static string Key(long staffId) => $"identity:stamp:{staffId}";
}
