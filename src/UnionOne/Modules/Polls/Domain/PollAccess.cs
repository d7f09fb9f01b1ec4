using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Polls.Domain;

/// <summary>
/// Staff who may publish polls (ManageMembers on the union) and read them (anyone on its staff). Outside the staff member's
/// subtree everything is 404; inside it, a role without the permission is 403.
/// </summary>
internal sealed class PollStaff(StaffGate gate, IOrganisationDirectory directory, IStringLocalizer<PollsText> l)
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

    public async Task<IReadOnlyList<UnionSummary>> GrantUnionsAsync(CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var list = new List<UnionSummary>();
        foreach (var id in scope.Grants.Select(g => g.UnionId).Distinct())
            if (await directory.FindAsync(id, ct) is { } u) list.Add(u);
        return list;
    }
}

/// <summary>The signed-in member, when active; eligible for a poll when their union lies in the publisher's subtree.</summary>
internal sealed class PollMembers(ICurrentUser user, IMemberDirectory directory, IOrganisationDirectory organisations, IStringLocalizer<PollsText> l)
{
    public long RequireId() => user.MemberId ?? throw new BusinessRuleException(l["只有在会会员可以参加投票，请先申请入会"], "not-a-member");

    public async Task<MemberRef> RequireActiveAsync(CancellationToken ct)
    {
        var member = await directory.FindAsync(RequireId(), ct);
        if (member is not { Status: MemberStatus.Active }) throw new BusinessRuleException(l["只有在会会员可以参加投票，请先申请入会"], "not-a-member");
        return member;
    }

    /// <summary>The member's union and its ancestors: the publishers whose polls the member may vote in.</summary>
    public async Task<long[]> PublishersAsync(MemberRef member, CancellationToken ct) =>
        (await organisations.LineageAsync(member.UnionId, ct)).Select(u => u.Id).ToArray();
}
