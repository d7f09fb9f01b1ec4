using Microsoft.Extensions.Localization;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Bookings.Domain;

/// <summary>The signed-in member, when they are an active member (only active members book).</summary>
internal sealed class BookingMembers(ICurrentUser user, IMemberDirectory directory, IStringLocalizer<BookingsText> l)
{
    /// <summary>The member's id without a look-up (their own bookings, cancellations).</summary>
    public long RequireId() => user.MemberId ?? throw new BusinessRuleException(l["只有在会会员可以预约，请先申请入会"], "not-a-member");

    public async Task<MemberRef> RequireActiveAsync(CancellationToken ct)
    {
        var member = await directory.FindAsync(RequireId(), ct);
        if (member is not { Status: MemberStatus.Active }) throw new BusinessRuleException(l["只有在会会员可以预约，请先申请入会"], "not-a-member");
        return member;
    }
}
