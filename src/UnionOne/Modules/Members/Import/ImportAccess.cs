using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Import;

/// <summary>
/// Who may import where: staff with ManageMembers on the union (a role on it or an ancestor). A union outside
/// the caller's subtree is reported missing (404), so existence is not leaked; inside it without the permission, 403.
/// </summary>
internal sealed class ImportAccess(IStaffAccess access, IOrganisationDirectory directory)
{
    public async Task<(StaffScope Scope, UnionSummary Union)> RequireAsync(long unionId, Permission permission, CancellationToken ct)
    {
        var scope = await access.CurrentAsync(ct) ?? throw new NotFoundException("未找到该工会");
        var union = await directory.FindAsync(unionId, ct);
        if (union is null || !scope.Can(Permission.Read, union)) throw new NotFoundException("未找到该工会");
        if (!scope.Can(permission, union)) throw new ForbiddenException("没有管理该工会会员的权限");
        return (scope, union);
    }

    /// <summary>The import batch when its union is visible to the caller with <paramref name="permission"/>; else 404/403.</summary>
    public async Task<(ImportHead Head, UnionSummary Union, StaffScope Scope)> RequireImportAsync(ImportQueries queries, long importId, Permission permission, CancellationToken ct)
    {
        var head = await queries.FindAsync(importId, ct) ?? throw new NotFoundException("未找到该导入批次");
        try
        {
            var (scope, union) = await RequireAsync(head.UnionId, permission, ct);
            return (head, union, scope);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("未找到该导入批次");
        }
    }
}
