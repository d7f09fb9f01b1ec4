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
/// this instance forgets it at once when it changes the stamp itself. A principal whose stamp differs from the cached one
/// is checked against the database before it is refused: another instance may have changed the stamp (a password
/// changed there signs the browser in again with the new stamp, which must work here at once).
/// </summary>
internal sealed class SecurityStampCheck(NpgsqlDataSource dataSource, IMemoryCache cache, IOptions<IdentityModuleOptions> options)
{
    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (principal.FindFirstValue(UnionClaims.StaffId) is not { } idText) return true; // not staff: nothing to check
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var staffId)) return false;
        if (!Guid.TryParse(principal.FindFirstValue(UnionClaims.SecurityStamp), out var stamp)) return false;
        if (cache.TryGetValue(Key(staffId), out Guid? cached) && cached == stamp) return true;
        return await LoadStampAsync(staffId, ct) == stamp;
    }

    public void Forget(long staffId) => cache.Remove(Key(staffId));

    private async ValueTask<Guid?> LoadStampAsync(long staffId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var stamp = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "select security_stamp from identity.staff_users where id = @staffId and not disabled", new { staffId }, cancellationToken: ct));
        cache.Set(Key(staffId), stamp, TimeSpan.FromSeconds(options.Value.StampCacheSeconds));
        return stamp;
    }

    private static string Key(long staffId) => $"identity:stamp:{staffId}";
}
