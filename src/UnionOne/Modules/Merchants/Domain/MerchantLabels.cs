using System.Globalization;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Merchants.Domain;

/// <summary>Names of categories and statuses, and discounts as Chinese shops write them (八五折, 九折, 87.5折).</summary>
public static class MerchantLabels
{
    private const string Digits = "零一二三四五六七八九";

    public static string Category(MerchantCategory category, IStringLocalizer l) => category switch
    {
        MerchantCategory.Supermarket => l["超市"],
        MerchantCategory.Bakery => l["蛋糕烘焙"],
        MerchantCategory.ConvenienceStore => l["便利店"],
        MerchantCategory.FarmProduce => l["农副产品"],
        MerchantCategory.Restaurant => l["餐饮"],
        MerchantCategory.Courier => l["快递物流"],
        _ => l["其他"],
    };

    public static string Status(MerchantStatus status, IStringLocalizer l) => status switch
    {
        MerchantStatus.Applied => l["已申请"],
        MerchantStatus.Checked => l["背调通过"],
        MerchantStatus.Negotiated => l["折扣已议定"],
        MerchantStatus.Publicised => l["公示中"],
        MerchantStatus.Active => l["已上线"],
        MerchantStatus.Suspended => l["已暂停"],
        MerchantStatus.Exited => l["已退出"],
        MerchantStatus.Rejected => l["未通过"],
        _ => status.ToString(),
    };

    /// <summary>The badge colour of a status on staff pages.</summary>
    public static string Badge(MerchantStatus status) => status switch
    {
        MerchantStatus.Active => "ok",
        MerchantStatus.Suspended or MerchantStatus.Publicised or MerchantStatus.Negotiated => "warn",
        MerchantStatus.Exited or MerchantStatus.Rejected => "bad",
        _ => "",
    };

    /// <summary>"85折" / "9折" / "87.5折": the share paid in tenths, as price tags write it.</summary>
    public static string DiscountShort(int basisPoints)
    {
        var text = (basisPoints % 1000 == 0 ? basisPoints / 1000m : basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture);
        return text + "折";
    }

    /// <summary>"八五折" / "九折" / "九五折"; a share with a finer step (87.5%) falls back to the numeric form.</summary>
    public static string DiscountChinese(int basisPoints)
    {
        if (basisPoints <= 0 || basisPoints >= 10000 || basisPoints % 100 != 0) return DiscountShort(basisPoints);
        var tens = basisPoints / 1000;
        var ones = basisPoints / 100 % 10;
        return ones == 0 ? $"{Digits[tens]}折" : $"{Digits[tens]}{Digits[ones]}折";
    }

    /// <summary>The discount in the reader's language: "八五折" in Chinese, "15% off" in English.</summary>
    public static string Discount(int basisPoints) =>
        CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"{(10000 - basisPoints) / 100m:0.##}% off")
            : DiscountChinese(basisPoints);

    /// <summary>The share paid as a percentage ("85%").</summary>
    public static string SharePaid(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
