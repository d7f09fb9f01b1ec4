using Dapper;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Audit;

internal sealed record AuditRow(long Id, DateTime At, string ActorKind, long? ActorId, string? ActorName, string? Ip,
    string Action, string SubjectKind, string? SubjectId, long? UnionId, string? Detail);

/// <summary>Reads the audit log within a staff member's subtree (entries of their unions, and their own acts).</summary>
internal sealed class AuditQueries(NpgsqlDataSource dataSource, IOrganisationDirectory directory)
{
    public async Task<IReadOnlyList<AuditRow>> ListAsync(StaffScope scope, string? action, long? beforeId, int limit, CancellationToken ct)
    {
        var subtree = await directory.SubtreeAsync(scope.RootsFor(Permission.Read), ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<AuditRow>(new CommandDefinition("""
            select id, at, actor_kind as ActorKind, actor_id as ActorId, actor_name as ActorName, ip, action,
                   subject_kind as SubjectKind, subject_id as SubjectId, union_id as UnionId, detail::text as Detail
            from audit.entries
            where (@all or union_id = any(@unions) or (actor_kind = 'staff' and actor_id = @staff))
              and (@action::text is null or action = @action)
              and (@before::bigint is null or id < @before)
            order by id desc
            limit @limit
            """, new { all = subtree.All, unions = subtree.UnionIds.ToArray(), staff = scope.StaffId, action, before = beforeId, limit = Math.Clamp(limit, 1, 200) },
            cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>Id of the first entry whose hash chain is broken, or null when the log is intact.</summary>
    public async Task<long?> FirstBrokenLinkAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition("select audit.first_broken_link()", cancellationToken: ct));
    }
}
