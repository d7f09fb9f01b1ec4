namespace UnionOne.Modules.Members.Contracts;

/// <summary>What other modules may know of a member.</summary>
public sealed record MemberRef(long Id, string MemberNo, string Name, long UnionId, MemberStatus Status);

/// <summary>Finds members for other modules (sign-in by phone, code issuing, wallets).</summary>
public interface IMemberDirectory
{
    /// <summary>The member whose phone has this look-up hash (active first), or null.</summary>
    Task<MemberRef?> FindByPhoneHashAsync(byte[] phoneHash, CancellationToken ct = default);

    Task<MemberRef?> FindAsync(long memberId, CancellationToken ct = default);
}
