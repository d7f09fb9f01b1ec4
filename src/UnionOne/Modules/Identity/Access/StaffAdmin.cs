using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Identity.Access;

internal sealed class StaffAdmin(NpgsqlDataSource dataSource, IPasswordHasher<StaffAccount> hasher, IMemoryCache cache) : IStaffAdmin
{
    public async Task<long> CreateAsync(string userName, string displayName, string password, CancellationToken ct = default)
    {
        var hash = hasher.HashPassword(new StaffAccount(0, userName), password);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "insert into identity.staff_users (user_name, display_name, password_hash) values (@userName, @displayName, @hash) returning id",
                new { userName, displayName, hash }, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException($"用户名“{userName}”已被使用");
        }
    }

    public async Task GrantAsync(long staffId, long unionId, StaffRole role, long? grantedBy, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into identity.staff_roles (staff_id, union_id, role, granted_by) values (@staffId, @unionId, @role, @grantedBy)
            on conflict (staff_id, union_id) do update set role = excluded.role, granted_by = excluded.granted_by, granted_at = now()
            """, new { staffId, unionId, role = (short)role, grantedBy }, cancellationToken: ct));
        cache.Remove(StaffAccess.CacheKey(staffId));
    }
}

/// <summary>The account type the password hasher is keyed on.</summary>
internal sealed record StaffAccount(long Id, string UserName);
