using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Domain;

/// <summary>
/// Who on the staff may do what with quizzes: banks and quizzes are kept by staff with ManageMembers on the union, read by
/// anyone on its staff. Outside the staff member's subtree everything is 404; inside it, a role without the permission is 403.
/// </summary>
internal sealed class QuizStaff(StaffGate gate, IOrganisationDirectory directory, IStringLocalizer<QuizzesText> l)
{
    public const Permission Manage = Permission.ManageMembers;

    public Task<StaffScope> ScopeAsync(CancellationToken ct) => gate.ScopeAsync(ct);

    public async Task<UnionSummary> RequireAsync(long unionId, Permission permission, CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        if (union is null || !scope.Can(Permission.Read, union)) throw new NotFoundException(l["未找到该工会"]);
        if (!scope.Can(permission, union)) throw new ForbiddenException(l["您的角色无权执行此操作"]);
        return union;
    }

    /// <summary>The union of an object (bank, quiz) when the staff member may see it; otherwise the object's own 404 message.</summary>
    public async Task<UnionSummary> RequireObjectAsync(long unionId, Permission permission, string notFound, CancellationToken ct)
    {
        try
        {
            return await RequireAsync(unionId, permission, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(notFound);
        }
    }

    public async Task<bool> CanAsync(long unionId, Permission permission, CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var union = await directory.FindAsync(unionId, ct);
        return union is not null && scope.Can(permission, union);
    }

    /// <summary>The unions the staff member's grants cover (their own grant roots first, for a union picker).</summary>
    public async Task<IReadOnlyList<UnionSummary>> GrantUnionsAsync(CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var list = new List<UnionSummary>();
        foreach (var id in scope.Grants.Select(g => g.UnionId).Distinct())
            if (await directory.FindAsync(id, ct) is { } u) list.Add(u);
        return list;
    }

    public async Task<SubtreeFilter> SubtreeAsync(long unionId, CancellationToken ct) => await directory.SubtreeAsync([unionId], ct);
}
