using UnionOne.Modules.MemberCode.Codes;

namespace UnionOne.Modules.MemberCode.Revocation;

/// <summary>A member whose codes issued before <see cref="NotBeforeMs"/> (Unix ms) are void.</summary>
public sealed record RevocationEntry(long MemberId, long NotBeforeMs);

/// <summary>An immutable revocation list: the latest instant per member, and which members are suspended right now.</summary>
public sealed class RevocationList : IRevocations
{
    private readonly Dictionary<long, long> notBefore;
    private readonly HashSet<long> suspended;

    public RevocationList(IEnumerable<RevocationEntry> entries, IEnumerable<long> suspendedNow, long builtAtMs)
    {
        notBefore = [];
        foreach (var e in entries)
        {
            if (!notBefore.TryGetValue(e.MemberId, out var existing) || e.NotBeforeMs > existing) notBefore[e.MemberId] = e.NotBeforeMs;
        }
        suspended = [.. suspendedNow];
        BuiltAtMs = builtAtMs;
    }

    public static RevocationList Empty { get; } = new([], [], 0);

    public long BuiltAtMs { get; }

    public int Count => notBefore.Count;

    public IEnumerable<RevocationEntry> Entries => notBefore.Select(kv => new RevocationEntry(kv.Key, kv.Value));

    public bool IsRevoked(long memberId, long issuedAtMs) =>
        suspended.Contains(memberId) || (notBefore.TryGetValue(memberId, out var t) && issuedAtMs < t);

    public bool IsSuspended(long memberId) => suspended.Contains(memberId);

    public IEnumerable<long> SuspendedMembers => suspended;
}
