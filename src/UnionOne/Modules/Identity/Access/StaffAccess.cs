using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity.Access;

/// <summary>
/// Loads the current staff user's role grants (cached for a few seconds per account, so a revoked role
/// stops working quickly) and resolves each grant's node path from the organisation directory.
/// </summary>
internal sealed class StaffAccess(ICurrentUser user, NpgsqlDataSource dataSource, IOrganisationDirectory directory, IMemoryCache cache) : IStaffAccess
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private StaffScope? resolved;

    public async ValueTask<StaffScope?> CurrentAsync(CancellationToken ct = default)
    {
        if (resolved is not null) return resolved;
        if (user.StaffId is not { } staffId) return null;
        resolved = await ForStaffAsync(staffId, ct);
        return resolved;
    }

    public async ValueTask<StaffScope?> ForStaffAsync(long staffId, CancellationToken ct)
    {
        var key = CacheKey(staffId);
        if (!cache.TryGetValue(key, out StaffRecord? record))
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var account = await conn.QuerySingleOrDefaultAsync<(string UserName, string DisplayName, bool Disabled)>(new CommandDefinition(
                "select user_name, display_name, disabled from identity.staff_users where id = @staffId", new { staffId }, cancellationToken: ct));
            if (account.UserName is null || account.Disabled) return null;
            var grants = await conn.QueryAsync<(long UnionId, short Role)>(new CommandDefinition(
                "select union_id, role from identity.staff_roles where staff_id = @staffId", new { staffId }, cancellationToken: ct));
            record = new StaffRecord(account.UserName, account.DisplayName, grants.Select(g => (g.UnionId, (StaffRole)g.Role)).ToList());
            cache.Set(key, record, CacheFor);
        }

        var resolvedGrants = new List<RoleGrant>(record!.Grants.Count);
        foreach (var (unionId, role) in record.Grants)
        {
            var union = await directory.FindAsync(unionId, ct);
            if (union is { IsActive: true }) resolvedGrants.Add(new RoleGrant(unionId, union.Path, union.Name, role));
        }
        return new StaffScope(staffId, record.UserName, record.DisplayName, resolvedGrants);
    }

    public static string CacheKey(long staffId) => $"staff-access:{staffId}";

    private sealed record StaffRecord(string UserName, string DisplayName, IReadOnlyList<(long UnionId, StaffRole Role)> Grants);
}
