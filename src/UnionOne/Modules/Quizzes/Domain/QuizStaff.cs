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

    /// <summary>The gate's 404/403 rule, with this module's 404 message.</summary>
    public async Task<UnionSummary> RequireAsync(long unionId, Permission permission, CancellationToken ct)
    {
        try
        {
            return await gate.RequireAsync(permission, unionId, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该工会"]);
        }
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

    public Task<bool> CanAsync(long unionId, Permission permission, CancellationToken ct) => gate.CanAsync(permission, unionId, ct);

    /// <summary>The unions the staff member's grants cover (their own grant roots first, for a union picker).</summary>
    public Task<IReadOnlyList<UnionSummary>> GrantUnionsAsync(CancellationToken ct) => gate.GrantUnionsAsync(ct);

    public async Task<SubtreeFilter> SubtreeAsync(long unionId, CancellationToken ct) => await directory.SubtreeAsync([unionId], ct);
}
