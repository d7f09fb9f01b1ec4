using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Localization;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Idempotency;

/// <summary>
/// The Idempotency-Key every money-moving POST carries, with who sent it (scope) and a hash of what was asked. A retry with the
/// same key and request returns the first answer; the same key with a different request, or while the first is still being
/// processed, is refused (409). Keys are kept 48 hours (see WalletWorker).
/// </summary>
internal sealed record IdempotencyKey(string Scope, string Key, byte[] RequestHash)
{
    public const string Header = "Idempotency-Key";

    public static IdempotencyKey From(HttpContext http, string scope, IStringLocalizer l, params object?[] request)
    {
        var key = http.Request.Headers[Header].ToString().Trim();
        return Create(key, scope, l, request);
    }

    public static IdempotencyKey Create(string? key, string scope, IStringLocalizer l, params object?[] request)
    {
        if (string.IsNullOrWhiteSpace(key))
            throw new InputValidationException(Header, l["请在请求头 Idempotency-Key 中提供本笔请求的唯一标识（重试时保持不变）"]);
        if (key.Length > 100 || key.Any(c => c < 0x21 || c > 0x7e))
            throw new InputValidationException(Header, l["Idempotency-Key 须为1至100个可见ASCII字符"]);
        return new IdempotencyKey(scope, key, Hash(request));
    }

    public static byte[] Hash(params object?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture) ?? "∅"));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }
}

/// <summary>The state wallet.claim_request returns.</summary>
internal enum ClaimState : short
{
    New = 0,
    Replay = 1,
    Mismatch = 2,
    Busy = 3,
}

internal static class ClaimRefusals
{
    public static Exception For(ClaimState state, IStringLocalizer l) => state switch
    {
        ClaimState.Mismatch => new BusinessRuleException(l["该幂等键已用于另一笔不同的请求"], "idempotency-key-mismatch"),
        _ => new BusinessRuleException(l["相同幂等键的请求正在处理中，请稍后重试"], "idempotency-key-busy"),
    };
}
