using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>What a disbursement is, as typed: title (2026年11月生日蛋糕), the purpose the member sees (生日蛋糕), where it may be
/// spent (null or empty: anywhere) and for how many days after approval (null: no expiry).</summary>
internal sealed record DraftDetails(string? Title, string? Purpose, IReadOnlyList<MerchantCategory>? Categories, int? ValidDays)
{
    /// <summary>The details trimmed and checked; field errors are added to <paramref name="errors"/>.</summary>
    public DraftDetails Validate(Dictionary<string, string[]> errors, IStringLocalizer l)
    {
        var title = (Title ?? "").Trim();
        var purpose = (Purpose ?? "").Trim();
        if (title.Length is < 2 or > 60) errors["title"] = [l["标题须为2-60个字，如“2026年11月生日蛋糕”"]];
        if (purpose.Length is < 1 or > 20) errors["purpose"] = [l["用途须为1-20个字，如“生日蛋糕”，会员在钱包中看到"]];
        if (ValidDays is { } days && days is < 1 or > 3660) errors["validDays"] = [l["有效期须为1-3660天，不填为长期有效"]];
        var categories = Categories?.Distinct().OrderBy(c => c).ToList();
        if (categories is not null && categories.Any(c => !Enum.IsDefined(c))) errors["categories"] = [l["商户类别无效"]];
        return new DraftDetails(title, purpose, categories is { Count: > 0 } ? categories : null, ValidDays);
    }

    /// <summary>The per-member amount in fen checked: positive and at most the configured limit.</summary>
    public static long? CheckAmount(long? fen, string field, DisbursementOptions o, Dictionary<string, string[]> errors, IStringLocalizer l)
    {
        if (errors.ContainsKey(field)) return null;
        if (fen is null)
        {
            errors[field] = [l["请填写每人发放金额"]];
            return null;
        }
        if (fen <= 0)
        {
            errors[field] = [l["金额必须大于0"]];
            return null;
        }
        if (fen > o.MaxAmountPerMemberFen)
        {
            errors[field] = [l["每人金额不能超过{0}", Money.Yuan(o.MaxAmountPerMemberFen)]];
            return null;
        }
        return fen;
    }

    /// <summary>
    /// An amount in fen as the API receives it (a JSON number): the number is only inspected here, to refuse a fraction of a
    /// fen with a clear message rather than a parse error; it is used as a long from then on.
    /// </summary>
    public static long? FenFromJson(decimal? amountFen, string field, Dictionary<string, string[]> errors, IStringLocalizer l)
    {
        if (amountFen is not { } value) return null;
        if (value != decimal.Truncate(value))
        {
            errors[field] = [l["金额以分为单位，须为整数（不能有小数分）"]];
            return 0;
        }
        if (value > long.MaxValue / 4 || value < long.MinValue / 4)
        {
            errors[field] = [l["金额过大"]];
            return 0;
        }
        return (long)value;
    }

    /// <summary>A yuan text as typed on a page (100 / 100.50) → fen, or a field error.</summary>
    public static long? FenFromYuan(string? text, string field, Dictionary<string, string[]> errors, IStringLocalizer l)
    {
        switch (Money.TryParseYuan(text, out var fen))
        {
            case Money.YuanError.None:
                return fen;
            case Money.YuanError.Empty:
                return null;
            case Money.YuanError.FractionalFen:
                errors[field] = [l["金额最多两位小数（精确到分）"]];
                return 0;
            case Money.YuanError.NotPositive:
                errors[field] = [l["金额必须大于0"]];
                return 0;
            case Money.YuanError.TooLarge:
                errors[field] = [l["金额过大"]];
                return 0;
            default:
                errors[field] = [l["金额须为数字，如 100 或 88.50"]];
                return 0;
        }
    }

    public static void ThrowIfAny(Dictionary<string, string[]> errors, IStringLocalizer l)
    {
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
    }
}
