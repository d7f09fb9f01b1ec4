using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>zh-CN labels of merchant categories for the disbursement forms (also the localisation keys).</summary>
internal static class CategoryLabels
{
    public static IReadOnlyList<(MerchantCategory Category, string Label)> All { get; } =
    [
        (MerchantCategory.Supermarket, "超市"),
        (MerchantCategory.Bakery, "烘焙蛋糕"),
        (MerchantCategory.ConvenienceStore, "便利店"),
        (MerchantCategory.FarmProduce, "农产品"),
        (MerchantCategory.Restaurant, "餐饮"),
        (MerchantCategory.Courier, "快递"),
        (MerchantCategory.Other, "其他"),
    ];

    public static string Label(MerchantCategory category) =>
        All.FirstOrDefault(c => c.Category == category).Label ?? "其他";
}
