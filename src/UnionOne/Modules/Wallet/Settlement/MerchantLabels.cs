using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Wallet.Settlement;

/// <summary>Chinese labels (keys of WalletText) for merchant categories and states, and a merchant's display name.</summary>
internal static class MerchantLabels
{
    public static readonly MerchantCategory[] Categories =
    [
        MerchantCategory.Supermarket, MerchantCategory.Bakery, MerchantCategory.ConvenienceStore, MerchantCategory.FarmProduce,
        MerchantCategory.Restaurant, MerchantCategory.Courier, MerchantCategory.Other,
    ];

    public static string Category(MerchantCategory category) => category switch
    {
        MerchantCategory.Supermarket => "超市",
        MerchantCategory.Bakery => "蛋糕烘焙",
        MerchantCategory.ConvenienceStore => "便利店",
        MerchantCategory.FarmProduce => "农产品",
        MerchantCategory.Restaurant => "餐饮",
        MerchantCategory.Courier => "快递",
        _ => "其他",
    };

    public static string Status(MerchantStatus status) => status switch
    {
        MerchantStatus.Applied => "已申请",
        MerchantStatus.Checked => "已背调",
        MerchantStatus.Negotiated => "已议价",
        MerchantStatus.Publicised => "公示中",
        MerchantStatus.Active => "已上线",
        MerchantStatus.Suspended => "已暂停",
        MerchantStatus.Exited => "已退出",
        MerchantStatus.Rejected => "未通过",
        _ => "未知",
    };

    public static readonly MerchantStatus[] Statuses =
    [
        MerchantStatus.Applied, MerchantStatus.Checked, MerchantStatus.Negotiated, MerchantStatus.Publicised, MerchantStatus.Active,
        MerchantStatus.Suspended, MerchantStatus.Exited, MerchantStatus.Rejected,
    ];
}

/// <summary>Merchant names looked up once per page or report; a merchant the directory does not know shows as "商户#id".</summary>
internal sealed class MerchantNames(IReadOnlyDictionary<long, MerchantRef> known, Microsoft.Extensions.Localization.IStringLocalizer l)
{
    public static async Task<MerchantNames> LoadAsync(IMerchantDirectory directory, IEnumerable<long> ids, Microsoft.Extensions.Localization.IStringLocalizer l, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var found = wanted.Count == 0 ? [] : await directory.FindManyAsync(wanted, ct);
        return new MerchantNames(found.ToDictionary(m => m.Id), l);
    }

    public MerchantRef? Find(long id) => known.GetValueOrDefault(id);

    public string Name(long id) => known.TryGetValue(id, out var m) ? m.Name : l["商户#{0}", id];
}
