using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.Merchants.Domain;

/// <summary>Parsing and checking of what applicants and staff type: names, notes, categories, licence codes, phones, discounts.</summary>
internal static class MerchantInput
{
    public static bool IsCleanText(string s) => !s.Any(c => c is '<' or '>' || (char.IsControl(c) && c is not '\n' and not '\r'));

    /// <summary>Trimmed text of <paramref name="min"/>..<paramref name="max"/> characters without angle brackets; null after adding the message.</summary>
    public static string? Text(string? input, int min, int max, string field, string message, FieldErrors errors, IStringLocalizer l)
    {
        var s = input?.Trim() ?? "";
        if (s.Length < min || s.Length > max) { errors.Add(field, message); return null; }
        if (!IsCleanText(s)) { errors.Add(field, l["不能包含尖括号或控制字符"]); return null; }
        return s;
    }

    /// <summary>A category by its API name ("bakery"), number or Chinese label ("蛋糕烘焙").</summary>
    public static MerchantCategory? Category(string? input, IStringLocalizer l)
    {
        var s = input?.Trim();
        if (string.IsNullOrEmpty(s)) return null;
        if (int.TryParse(s, out var n)) return Enum.IsDefined((MerchantCategory)n) ? (MerchantCategory)n : null;
        if (Enum.TryParse<MerchantCategory>(s, ignoreCase: true, out var named) && Enum.IsDefined(named)) return named;
        foreach (var c in Enum.GetValues<MerchantCategory>())
            if (MerchantLabels.Category(c, l) == s) return c;
        return null;
    }

    public static string? CreditCode(string? input, FieldErrors errors, IStringLocalizer l)
    {
        var code = SocialCreditCode.TryNormalize(input, out var error);
        if (code is not null) return code;
        var length = (input ?? "").Trim().Length;
        errors.Add("creditCode", error.StartsWith("统一社会信用代码应为18位", StringComparison.Ordinal)
            ? l["统一社会信用代码应为18位（当前为{0}位）", length]
            : l[error]);
        return null;
    }

    public static string? Phone(string? input, string field, FieldErrors errors, IStringLocalizer l)
    {
        var phone = MobilePhone.TryNormalize(input, out var error);
        if (phone is not null) return phone;
        errors.Add(field, error.StartsWith("手机号码应为11位", StringComparison.Ordinal)
            ? l["手机号码应为11位（当前为{0}位）", new string((input ?? "").Where(char.IsAsciiDigit).ToArray()).Length]
            : l[error]);
        return null;
    }

    /// <summary>Both coordinates or neither, in range (GCJ-02 degrees).</summary>
    public static (double? Latitude, double? Longitude) Position(double? latitude, double? longitude, FieldErrors errors, IStringLocalizer l)
    {
        if (latitude is null && longitude is null) return (null, null);
        if (latitude is null || longitude is null)
        {
            errors.Add(latitude is null ? "latitude" : "longitude", l["纬度和经度须同时填写（或都不填）"]);
            return (null, null);
        }
        var ok = true;
        if (double.IsNaN(latitude.Value) || latitude is < -90 or > 90) { errors.Add("latitude", l["纬度应在-90到90之间"]); ok = false; }
        if (double.IsNaN(longitude.Value) || longitude is < -180 or > 180) { errors.Add("longitude", l["经度应在-180到180之间"]); ok = false; }
        return ok ? (latitude, longitude) : (null, null);
    }

    /// <summary>A discount inside the category's allowed range; the message names the range.</summary>
    public static int? Discount(int? basisPoints, MerchantCategory? category, MerchantsOptions options, string field, FieldErrors errors, IStringLocalizer l)
    {
        if (basisPoints is null) { errors.Add(field, l["请填写折扣（会员支付原价的比例：八五折即85%，接口中为8500）"]); return null; }
        if (basisPoints is < 1000 or >= 10000) { errors.Add(field, l["折扣应在一折至九九折之间"]); return null; }
        if (category is null) return basisPoints;
        var range = options.RangeFor(category.Value);
        if (range.Contains(basisPoints.Value)) return basisPoints;
        errors.Add(field, l["{0}类商户的折扣应在{1}至{2}之间（会员支付原价的{3}至{4}）",
            MerchantLabels.Category(category.Value, l), MerchantLabels.Discount(range.MinBasisPoints), MerchantLabels.Discount(range.MaxBasisPoints),
            MerchantLabels.SharePaid(range.MinBasisPoints), MerchantLabels.SharePaid(range.MaxBasisPoints)]);
        return null;
    }

    /// <summary>A reason or note of 2..500 characters.</summary>
    public static string? Reason(string? input, string field, FieldErrors errors, IStringLocalizer l) =>
        Text(input, 2, 500, field, l["请填写原因（2至500个字）"], errors, l);
}
