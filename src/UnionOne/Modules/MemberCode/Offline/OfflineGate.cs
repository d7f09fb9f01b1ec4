using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.MemberCode.Signing;

namespace UnionOne.Modules.MemberCode.Offline;

/// <summary>What an offline gate decided, kept to upload as an access event when the network is back.</summary>
public sealed record OfflineAnswer(bool Admitted, CodeRefusal Refusal, string? MaskedName, long? MemberId, long AtMs, long Nonce = 0);

/// <summary>
/// The verifier a gate or till runs itself, so that it keeps working with the network out for as long as its bundle is valid
/// (at least 10 minutes). It holds public keys only: it can check codes but never make one. Replays are refused from its own
/// memory of the codes it admitted during their lifetime.
/// </summary>
public sealed class OfflineGate : IPublicKeys
{
    private readonly DeviceBundleBody body;
    private readonly Dictionary<ushort, ICodeVerifier> verifiers;
    private readonly RevocationList revocations;
    private readonly HashSet<long> allowedUnions;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<long, long> admittedNonces = new();
    private readonly ConcurrentQueue<OfflineAnswer> pending = new();
    private long nextPruneMs;

    private OfflineGate(DeviceBundleBody body, Dictionary<ushort, ICodeVerifier> verifiers, TimeProvider clock)
    {
        this.body = body;
        this.verifiers = verifiers;
        this.clock = clock;
        revocations = new RevocationList(body.Revocations.Select(r => new RevocationEntry(r.MemberId, r.NotBeforeMs)), body.Suspended, body.IssuedAtMs);
        allowedUnions = [.. body.AllowedUnionIds];
    }

    public DeviceBundleBody Bundle => body;

    /// <summary>Answers not yet uploaded (the device sends them as access events when it is online again).</summary>
    public IReadOnlyCollection<OfflineAnswer> Pending => pending;

    /// <summary>
    /// Accepts a downloaded bundle only when one of the keys the device was provisioned with signed it; then trusts the keys
    /// inside it (which is how a key rotation reaches devices).
    /// </summary>
    public static OfflineGate Load(SignedDeviceBundle signed, IEnumerable<PublicKeyInfo> trustedKeys, ISignatureScheme scheme, TimeProvider clock)
    {
        var trusted = trustedKeys.FirstOrDefault(k => k.KeyId == signed.KeyId && k.Scheme == scheme.Name)
            ?? throw new InvalidDataException("bundle signed with an unknown key");
        var bodyBytes = Encoding.UTF8.GetBytes(signed.Body);
        if (!scheme.Verifier(trusted.PublicKey).Verify(bodyBytes, Convert.FromBase64String(signed.Signature)))
            throw new InvalidDataException("bundle signature does not verify");
        var body = JsonSerializer.Deserialize<DeviceBundleBody>(signed.Body, BundleIssuer.Json)
            ?? throw new InvalidDataException("empty bundle");
        var verifiers = body.Keys.Where(k => k.Scheme == scheme.Name)
            .ToDictionary(k => k.KeyId, k => scheme.Verifier(Convert.FromBase64String(k.PublicKey)));
        return new OfflineGate(body, verifiers, clock);
    }

    public ICodeVerifier? Find(ushort keyId) => verifiers.GetValueOrDefault(keyId);

    public OfflineAnswer Check(string text)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var answer = Decide(text, now);
        pending.Enqueue(answer);
        return answer;
    }

    private OfflineAnswer Decide(string text, long now)
    {
        if (now > body.ValidUntilMs) return new OfflineAnswer(false, CodeRefusal.ListExpired, null, null, now);
        var refusal = CodeRules.Check(text, this, revocations, now, body.LifetimeSeconds, body.ClockSkewSeconds, out var payload);
        if (refusal == CodeRefusal.Forged || payload is null) return new OfflineAnswer(false, CodeRefusal.Forged, null, null, now);
        if (refusal == CodeRefusal.None && !body.PlaceOpen) refusal = CodeRefusal.PlaceClosed;
        if (refusal == CodeRefusal.None && !body.AdmitsAllMembers && !allowedUnions.Contains(payload.UnionId)) refusal = CodeRefusal.NotAllowedHere;
        if (refusal == CodeRefusal.None)
        {
            Forget(now);
            var expires = payload.IssuedAtMs + ((body.LifetimeSeconds + body.ClockSkewSeconds) * 1000L);
            if (!admittedNonces.TryAdd(payload.Nonce, expires)) refusal = CodeRefusal.AlreadyUsed;
        }
        return new OfflineAnswer(refusal == CodeRefusal.None, refusal, payload.MaskedName, payload.MemberId, now, payload.Nonce);
    }

    /// <summary>Drops remembered nonces whose codes have expired, at most every few seconds (not on every scan).</summary>
    private void Forget(long now)
    {
        if (now < Interlocked.Read(ref nextPruneMs)) return;
        Interlocked.Exchange(ref nextPruneMs, now + 5000);
        foreach (var (nonce, expires) in admittedNonces)
        {
            if (expires < now) admittedNonces.TryRemove(nonce, out _);
        }
    }
}
