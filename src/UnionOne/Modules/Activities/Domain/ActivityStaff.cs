using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Activities.Domain;

/// <summary>
/// The staff check on an activity: it is found only inside the staff member's subtree (else 404, so existence is not
/// leaked); acting on it (publish, cancel, check in, message) needs a role that manages members, exporting one that exports.
/// </summary>
internal sealed class ActivityStaff(NpgsqlDataSource dataSource, StaffGate gate, IOrganisationDirectory unions, IStringLocalizer<ActivitiesText> l)
{
    /// <summary>Publishing and running activities: chair, vice-chair and officer (the roles that manage members).</summary>
    public const Permission Manage = Permission.ManageMembers;

    public async Task<ActivityRow> RequireAsync(long activityId, Permission permission, CancellationToken ct)
    {
        var row = await FindAsync(activityId, ct) ?? throw new NotFoundException(l["未找到该活动"]);
        try
        {
            await gate.RequireAsync(permission, row.UnionId, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该活动"]);
        }
        return row;
    }

    public Task<StaffScope> ScopeAsync(CancellationToken ct) => gate.ScopeAsync(ct);

    public Task<UnionSummary> RequireUnionAsync(Permission permission, long unionId, CancellationToken ct) => gate.RequireAsync(permission, unionId, ct);

    public Task<bool> CanAsync(Permission permission, long unionId, CancellationToken ct) => gate.CanAsync(permission, unionId, ct);

    public Task<SubtreeFilter> SubtreeAsync(Permission permission, long? unionId, CancellationToken ct) => gate.SubtreeAsync(permission, unionId, ct);

    public async Task<string> UnionNameAsync(long unionId, CancellationToken ct) => (await unions.FindAsync(unionId, ct))?.Name ?? "";

    public async Task<ActivityRow?> FindAsync(long activityId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ActivityRow>(new CommandDefinition(
            $"select {ActivityRow.Columns} from activities.activities a where a.id = @activityId", new { activityId }, cancellationToken: ct));
    }
}
