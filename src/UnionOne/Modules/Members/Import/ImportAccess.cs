using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Import;

/// <summary>
/// Who may import where, through the platform's staff gate: ManageMembers on the union (a role on it or an ancestor).
/// A union or import outside the caller's subtree is reported missing (404), so existence is not leaked; inside it
/// without the permission, 403.
/// </summary>
internal sealed class ImportAccess(StaffGate gate)
{
    public Task<UnionSummary> RequireAsync(long unionId, Permission permission, CancellationToken ct) =>
        gate.RequireAsync(permission, unionId, ct);

    /// <summary>The import batch when its union allows the caller <paramref name="permission"/>; else 404/403.</summary>
    public async Task<(ImportHead Head, UnionSummary Union)> RequireImportAsync(ImportQueries queries, long importId, Permission permission, CancellationToken ct)
    {
        var head = await queries.FindAsync(importId, ct) ?? throw new NotFoundException("未找到该导入批次");
        try
        {
            return (head, await gate.RequireAsync(permission, head.UnionId, ct));
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("未找到该导入批次");
        }
    }
}
