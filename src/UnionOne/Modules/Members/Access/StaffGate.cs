using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Access;

/// <summary>
/// Where the current staff member may act. Outside their subtree everything is "not found" (404), so existence is
/// not leaked; inside it, a role without the permission is "forbidden" (403): they can already see the object.
/// </summary>
internal sealed class StaffGate(IStaffAccess access, IOrganisationDirectory directory, IStringLocalizer<MembersText> l)
{
    public async Task<StaffScope> ScopeAsync(CancellationToken ct)
    {
        var scope = await access.CurrentAsync(ct);
        return scope ?? throw new PermissionDeniedException(l["请先以工会干部身份登录"]);
    }

    /// <summary>The union, when the current staff member may do <paramref name="permission"/> there; else 404 or 403.</summary>
    public async Task<UnionSummary> RequireAsync(Permission permission, long unionId, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        if (union is null || !scope.Can(Permission.Read, union)) throw new NotFoundException(l["未找到"]);
        if (!scope.Can(permission, union)) throw new PermissionDeniedException(l["您的角色无权执行此操作"]);
        return union;
    }

    /// <summary>True when the current staff member may do <paramref name="permission"/> on the union (no exception).</summary>
    public async Task<bool> CanAsync(Permission permission, long unionId, CancellationToken ct)
    {
        var scope = await access.CurrentAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        return scope is not null && union is not null && scope.Can(permission, union);
    }

    /// <summary>
    /// The unions a list may cover: the subtrees where the permission holds, or, when <paramref name="unionId"/> is given,
    /// that node's subtree (404 when it lies outside).
    /// </summary>
    public async Task<SubtreeFilter> SubtreeAsync(Permission permission, long? unionId, CancellationToken ct)
    {
        var scope = await ScopeAsync(ct);
        if (unionId is { } id)
        {
            await RequireAsync(permission, id, ct);
            return await directory.SubtreeAsync([id], ct);
        }
        return await directory.SubtreeAsync(scope.RootsFor(permission), ct);
    }
}

/// <summary>The caller is known and may see the object, but their role does not allow the act (403).</summary>
internal sealed class PermissionDeniedException(string message) : Exception(message);

/// <summary>Turns <see cref="PermissionDeniedException"/> into a 403 ProblemDetails for the module's API.</summary>
internal sealed class PermissionDeniedFilter(IStringLocalizer<MembersText> l) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (PermissionDeniedException denied)
        {
            return TypedResults.Problem(detail: denied.Message, statusCode: StatusCodes.Status403Forbidden, title: l["没有权限"]);
        }
    }
}
