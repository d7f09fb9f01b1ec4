using Microsoft.Extensions.Localization;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Domain;

/// <summary>The signed-in member, when active (在会): only they take quizzes. Eligible = their union lies in the publisher's subtree.</summary>
internal sealed class QuizMembers(ICurrentUser user, IMemberDirectory directory, IOrganisationDirectory organisations, IStringLocalizer<QuizzesText> l)
{
    public long RequireId() => user.MemberId ?? throw new BusinessRuleException(l["只有在会会员可以参加知识竞赛，请先申请入会"], "not-a-member");

    public async Task<MemberRef> RequireActiveAsync(CancellationToken ct)
    {
        var member = await directory.FindAsync(RequireId(), ct);
        if (member is not { Status: MemberStatus.Active }) throw new BusinessRuleException(l["只有在会会员可以参加知识竞赛，请先申请入会"], "not-a-member");
        return member;
    }

    /// <summary>The ids of the member's union and all its ancestors: the publishers whose quizzes the member may take.</summary>
    public async Task<long[]> PublishersAsync(MemberRef member, CancellationToken ct) =>
        (await organisations.LineageAsync(member.UnionId, ct)).Select(u => u.Id).ToArray();
}
