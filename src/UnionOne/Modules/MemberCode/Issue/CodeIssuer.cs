using System.Security.Cryptography;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.MemberCode.Issue;

internal sealed class CodeIssuer(
    CodeKeyRing keys,
    RevocationCache revocations,
    TimeProvider clock,
    IOptions<MemberCodeOptions> options,
    IStringLocalizer<MemberCodeText> l) : IMemberCodeIssuer
{
    public Task<MemberCodeIssue> IssueAsync(long memberId, long unionId, string name, bool active, CancellationToken ct = default) =>
        IssueAsync(CodeKind.Entry, memberId, unionId, name, active, ct);

    public Task<MemberCodeIssue> IssuePaymentAsync(long memberId, long unionId, string name, bool active, CancellationToken ct = default) =>
        IssueAsync(CodeKind.Payment, memberId, unionId, name, active, ct);

    private async Task<MemberCodeIssue> IssueAsync(CodeKind kind, long memberId, long unionId, string name, bool active, CancellationToken ct)
    {
        var o = options.Value;
        if (!active) return new MemberCodeIssue(false, null, null, null, o.RefreshSeconds, l["会籍不在有效状态，无法生成会员码"]);
        var list = await revocations.FreshAsync(ct);
        if (list.IsSuspended(memberId)) return new MemberCodeIssue(false, null, null, null, o.RefreshSeconds, l["您的会员码已被工会暂停使用，请联系所在工会"]);
        var text = await MintAsync(memberId, unionId, name, ct, kind);
        var issuedAt = clock.GetUtcNow();
        return new MemberCodeIssue(true, text, QrSvg.Render(text, kind == CodeKind.Payment ? l["付款码"] : l["会员码"]), issuedAt.AddSeconds(o.LifetimeSeconds), o.RefreshSeconds, null);
    }

    /// <summary>The signed text alone (devices, tests and the bench use it; the card adds the SVG).</summary>
    public async Task<string> MintAsync(long memberId, long unionId, string name, CancellationToken ct, CodeKind kind = CodeKind.Entry)
    {
        var (keyId, signer) = await keys.SigningKeyAsync(ct);
        var payload = new CodePayload(keyId, memberId, unionId, clock.GetUtcNow().ToUnixTimeMilliseconds(),
            BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)), Mask.Name(name), kind);
        var signed = payload.SignedBytes();
        return CodePayload.ToText(signed, signer.Sign(signed));
    }
}
