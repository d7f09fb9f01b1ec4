using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Modules.MemberCode.Verify;

namespace UnionOne.Modules.MemberCode.Issue;

/// <summary>Reads a code for other modules' desks (library counter, activity check-in, till): see <see cref="IMemberCodes"/>.</summary>
internal sealed class CodeReader(
    NpgsqlDataSource dataSource,
    CodeKeyRing keys,
    RevocationCache revocations,
    IOptions<MemberCodeOptions> options,
    Members.Contracts.IMemberDirectory members,
    TimeProvider clock,
    IStringLocalizer<MemberCodeText> l) : IMemberCodes
{
    public async Task<MemberCodeCheck> ReadAsync(string scannedText, string? useScope, CancellationToken ct = default)
    {
        await keys.EnsureLoadedAsync(ct);
        var list = await revocations.FreshAsync(ct);
        var o = options.Value;
        var refusal = CodeRules.Check(scannedText, keys, list, clock.GetUtcNow().ToUnixTimeMilliseconds(), o.LifetimeSeconds, o.ClockSkewSeconds, out var payload);
        if (refusal == CodeRefusal.None && useScope is not null && !await CodeUses.TryUseAsync(dataSource, payload!.Nonce, useScope, payload.MemberId, ct))
            refusal = CodeRefusal.AlreadyUsed;
        var known = refusal != CodeRefusal.Forged && payload is not null;
        var memberNo = refusal == CodeRefusal.None ? (await members.FindAsync(payload!.MemberId, ct))?.MemberNo : null;
        return new MemberCodeCheck(refusal == CodeRefusal.None, known ? payload!.MemberId : null, known ? payload!.MaskedName : null, memberNo,
            refusal, RefusalTexts.Message(refusal, l));
    }

    public async Task<PaymentCodeCheck> ReadPaymentAsync(string scannedText, CancellationToken ct = default)
    {
        await keys.EnsureLoadedAsync(ct);
        var list = await revocations.FreshAsync(ct);
        var o = options.Value;
        var refusal = CodeRules.Check(scannedText, keys, list, clock.GetUtcNow().ToUnixTimeMilliseconds(), o.LifetimeSeconds, o.ClockSkewSeconds,
            out var payload, CodeKind.Payment);
        if (refusal == CodeRefusal.None && list.IsSuspended(payload!.MemberId)) refusal = CodeRefusal.Revoked;
        var known = refusal != CodeRefusal.Forged && payload is not null;
        return new PaymentCodeCheck(refusal == CodeRefusal.None, known ? payload!.MemberId : null, known ? payload!.UnionId : null,
            known ? payload!.MaskedName : null, payload?.Nonce ?? 0, refusal, RefusalTexts.Message(refusal, l));
    }
}
