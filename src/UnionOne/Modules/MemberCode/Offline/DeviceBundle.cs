namespace UnionOne.Modules.MemberCode.Offline;

public sealed record BundleKey(ushort KeyId, string Scheme, string PublicKey);

public sealed record BundleRevocation(long MemberId, long NotBeforeMs);

/// <summary>
/// Everything a gate needs to verify codes with the network down, and nothing that could mint one: the public keys, the
/// revocation list, the place's admission rule (all members, or the union ids of the owning subtree), the code lifetime and
/// the time until which the bundle may be used offline.
/// </summary>
public sealed record DeviceBundleBody(
    long DeviceId,
    long PlaceId,
    string PlaceName,
    string Direction,
    bool PlaceOpen,
    bool AdmitsAllMembers,
    long[] AllowedUnionIds,
    BundleKey[] Keys,
    BundleRevocation[] Revocations,
    long[] Suspended,
    int LifetimeSeconds,
    int ClockSkewSeconds,
    long IssuedAtMs,
    long ValidUntilMs);

/// <summary>
/// The bundle as sent: the body's exact JSON text and the server's signature over its UTF-8 bytes, so a device that pinned the
/// server's public key when it was provisioned can tell a genuine bundle from one a proxy or attacker altered.
/// </summary>
public sealed record SignedDeviceBundle(string Body, ushort KeyId, string Signature);
