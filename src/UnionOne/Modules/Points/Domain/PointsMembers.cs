using Microsoft.Extensions.Localization;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Domain;

/// <summary>The signed-in member, when an active member (在会): only they earn and spend points.</summary>
internal sealed class PointsMembers(ICurrentUser user, IMemberDirectory directory, IOrganisationDirectory organisations, IStringLocalizer<PointsText> l)
{
    public long RequireId() => user.MemberId ?? throw new BusinessRuleException(l["只有在会会员可以使用积分，请先申请入会"], "not-a-member");

    public async Task<MemberRef> RequireActiveAsync(CancellationToken ct)
    {
        var member = await directory.FindAsync(RequireId(), ct);
        if (member is not { Status: MemberStatus.Active }) throw new BusinessRuleException(l["只有在会会员可以使用积分，请先申请入会"], "not-a-member");
        return member;
    }

    /// <summary>The member's union and its ancestors (the supermarkets the member may shop at), nearest last.</summary>
    public async Task<IReadOnlyList<UnionSummary>> LineageAsync(MemberRef member, CancellationToken ct) =>
        await organisations.LineageAsync(member.UnionId, ct);
}
