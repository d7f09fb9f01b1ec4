namespace UnionOne.Modules.Members.Contracts;

/// <summary>What other modules may know of a member.</summary>
public sealed record MemberRef(long Id, string MemberNo, string Name, long UnionId, MemberStatus Status);

/// <summary>Finds members for other modules (sign-in by phone, code issuing, wallets).</summary>
public interface IMemberDirectory
{
    /// <summary>The member whose phone has this look-up hash (active first), or null.</summary>
    Task<MemberRef?> FindByPhoneHashAsync(byte[] phoneHash, CancellationToken ct = default);

    Task<MemberRef?> FindAsync(long memberId, CancellationToken ct = default);

    /// <summary>Many members at once (one query), keyed by id; ids that do not exist are absent. For staff lists.</summary>
    Task<IReadOnlyDictionary<long, MemberRef>> FindManyAsync(IReadOnlyCollection<long> memberIds, CancellationToken ct = default);

    /// <summary>
    /// What eligibility rules and sign-up forms need of a member: job type, tags, birth date, gender and the phone masked
    /// (e.g. 138****5678). Null when the member does not exist.
    /// </summary>
    Task<MemberProfile?> ProfileAsync(long memberId, CancellationToken ct = default);

    /// <summary>The member with this member number (e.g. "M0000100001", compared as written), or null.</summary>
    Task<MemberRef?> FindByMemberNoAsync(string memberNo, CancellationToken ct = default);

    /// <summary>
    /// The member's mobile number in clear, only to hand straight to ISmsSender for a notice (e.g. an overdue book).
    /// Never log, show or store it. Null when the member does not exist.
    /// </summary>
    Task<string?> NoticePhoneAsync(long memberId, CancellationToken ct = default);

    /// <summary>
    /// Members whose membership changed since the instant in a way that voids what they held before (status change, transfer
    /// out, move by merge), oldest first; the member code's revocation list is built from it.
    /// </summary>
    Task<IReadOnlyList<MembershipChange>> ChangesSinceAsync(DateTime sinceUtc, CancellationToken ct = default);
}

/// <summary>A member's facts for eligibility (job type, tags, age) and pre-filled forms; the phone is masked.</summary>
public sealed record MemberProfile(
    long Id, string MemberNo, string Name, long UnionId, MemberStatus Status, JobType JobType,
    IReadOnlyList<string> Tags, DateOnly BirthDate, char Gender, string MaskedPhone);

/// <summary>A membership change at an instant (UTC).</summary>
public sealed record MembershipChange(long MemberId, DateTime AtUtc);
