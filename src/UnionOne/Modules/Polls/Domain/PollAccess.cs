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
internal sealed class PollStaff(StaffGate gate, IStringLocalizer<PollsText> l)
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

    public Task<IReadOnlyList<UnionSummary>> GrantUnionsAsync(CancellationToken ct) => gate.GrantUnionsAsync(ct);
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
