using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Signing;

namespace UnionOne.Modules.MemberCode.Codes;

/// <summary>Public keys by key id, as the server and every device hold them.</summary>
public interface IPublicKeys
{
    ICodeVerifier? Find(ushort keyId);
}

/// <summary>Codes issued before the instant are void (the member left, transferred out, or was suspended at that instant).</summary>
public interface IRevocations
{
    bool IsRevoked(long memberId, long issuedAtMs);
}

/// <summary>
/// The checks every reader makes, online or offline, in this order: a genuine signature, not expired (nor issued in the future
/// beyond the allowed clock skew), not revoked. Single use and place rules come after, where the reader knows the place.
/// </summary>
public static class CodeRules
{
    public static CodeRefusal Check(string? text, IPublicKeys keys, IRevocations revocations, long nowMs, int lifetimeSeconds, int clockSkewSeconds,
        out CodePayload? payload, CodeKind kind = CodeKind.Entry)
    {
        if (!CodePayload.TryParse(text, out var parsed, out var signed, out var signature))
        {
            payload = null;
            return CodeRefusal.Forged;
        }
        payload = parsed;
        if (payload.Kind != kind) return CodeRefusal.Forged;
        var verifier = keys.Find(payload.KeyId);
        if (verifier is null || !verifier.Verify(signed.Span, signature.Span)) return CodeRefusal.Forged;
        if (payload.IssuedAtMs > nowMs + (clockSkewSeconds * 1000L)) return CodeRefusal.Forged;
        if (nowMs - payload.IssuedAtMs > lifetimeSeconds * 1000L) return CodeRefusal.Expired;
        if (revocations.IsRevoked(payload.MemberId, payload.IssuedAtMs)) return CodeRefusal.Revoked;
        return CodeRefusal.None;
    }
}
