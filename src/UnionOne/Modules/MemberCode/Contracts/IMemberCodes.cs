namespace UnionOne.Modules.MemberCode.Contracts;

/// <summary>Why a scanned member code was not accepted.</summary>
public enum CodeRefusal
{
    None = 0,

    /// <summary>Not a member code, or its signature does not verify (tampered or forged).</summary>
    Forged = 1,

    Expired = 2,

    /// <summary>The member left, transferred out, or the code was suspended.</summary>
    Revoked = 3,

    /// <summary>The place admits only members of its own union subtree.</summary>
    NotAllowedHere = 4,

    /// <summary>This code was already used for this entry (a replayed screenshot).</summary>
    AlreadyUsed = 5,

    /// <summary>The device is not registered, or was revoked.</summary>
    UnknownDevice = 6,

    /// <summary>The place is closed (摘牌) or the device has no place.</summary>
    PlaceClosed = 7,

    /// <summary>An offline device's revocation list is older than allowed: it must go online first.</summary>
    ListExpired = 8,
}

/// <summary>The outcome of reading a code: who (masked name, member number) and why not, in Chinese.</summary>
public sealed record MemberCodeCheck(bool Valid, long? MemberId, string? MaskedName, string? MemberNo, CodeRefusal Refusal, string Message);

/// <summary>
/// Reads a member code at a desk (library counter, activity check-in, merchant till) where the caller applies its own rules:
/// checks signature, expiry and revocation, and (when <paramref name="useScope"/> is given) that the code was not used before in
/// that scope, e.g. "activity:12" — a code is single-use per scope.
/// </summary>
public interface IMemberCodes
{
    Task<MemberCodeCheck> ReadAsync(string scannedText, string? useScope, CancellationToken ct = default);

    /// <summary>
    /// Reads a payment code (付款码) at a till: signature, expiry, revocation and suspension. It does not mark the code used: the
    /// wallet records its <see cref="PaymentCodeCheck.Nonce"/> with the payment, in the same transaction, and refuses a second use.
    /// </summary>
    Task<PaymentCodeCheck> ReadPaymentAsync(string scannedText, CancellationToken ct = default);
}

/// <summary>The outcome of reading a payment code; <see cref="Nonce"/> identifies this one code.</summary>
public sealed record PaymentCodeCheck(bool Valid, long? MemberId, long? UnionId, string? MaskedName, long Nonce, CodeRefusal Refusal, string Message);

/// <summary>A freshly issued code for the member's phone, or why none was issued.</summary>
public sealed record MemberCodeIssue(bool Issued, string? Text, string? Svg, DateTimeOffset? ExpiresAt, int RefreshSeconds, string? Reason);

/// <summary>Issues the dynamic member code shown on the card (Members module's card page calls it).</summary>
public interface IMemberCodeIssuer
{
    /// <summary>A code for an active, unsuspended member; rendered as SVG too.</summary>
    Task<MemberCodeIssue> IssueAsync(long memberId, long unionId, string name, bool active, CancellationToken ct = default);

    /// <summary>A one-time payment code (付款码) for the wallet page: same signature and lifetime, usable once at one till.</summary>
    Task<MemberCodeIssue> IssuePaymentAsync(long memberId, long unionId, string name, bool active, CancellationToken ct = default);
}
