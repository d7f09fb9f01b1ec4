using Microsoft.Extensions.Localization;
using UnionOne.Modules.MemberCode.Contracts;

namespace UnionOne.Modules.MemberCode.Verify;

/// <summary>The stable result names in API answers, and the Chinese sentences a gate shows.</summary>
internal static class RefusalTexts
{
    public static string Result(CodeRefusal refusal) => refusal switch
    {
        CodeRefusal.None => "admitted",
        CodeRefusal.Forged => "forged",
        CodeRefusal.Expired => "expired",
        CodeRefusal.Revoked => "revoked",
        CodeRefusal.NotAllowedHere => "not_allowed_here",
        CodeRefusal.AlreadyUsed => "already_used",
        CodeRefusal.UnknownDevice => "unknown_device",
        CodeRefusal.PlaceClosed => "place_closed",
        CodeRefusal.ListExpired => "list_expired",
        _ => "refused",
    };

    public static string Message(CodeRefusal refusal, IStringLocalizer l) => refusal switch
    {
        CodeRefusal.None => l["验证通过，欢迎光临"],
        CodeRefusal.Forged => l["无效的会员码（可能被篡改或伪造）"],
        CodeRefusal.Expired => l["会员码已过期，请刷新后重新出示"],
        CodeRefusal.Revoked => l["会员码已失效（会籍已变更或已被暂停）"],
        CodeRefusal.NotAllowedHere => l["本场所仅对本单位工会会员开放"],
        CodeRefusal.AlreadyUsed => l["该会员码已在此使用过，请刷新后重新出示"],
        CodeRefusal.UnknownDevice => l["设备未登记或已停用"],
        CodeRefusal.PlaceClosed => l["场所已关闭，暂停入场"],
        CodeRefusal.ListExpired => l["离线名单已过期，请联网更新后再验"],
        _ => l["验证未通过"],
    };
}
