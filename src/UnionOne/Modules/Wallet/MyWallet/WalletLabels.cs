using Microsoft.Extensions.Localization;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Payments;

namespace UnionOne.Modules.Wallet.MyWallet;

/// <summary>How members and staff read ledger movements and dates.</summary>
public static class WalletLabels
{
    public static string Kind(TransferKind kind, IStringLocalizer l) => kind switch
    {
        TransferKind.FundTopUp => l["资金拨入"],
        TransferKind.Disbursement => l["福利发放"],
        TransferKind.Payment => l["消费"],
        TransferKind.Refund => l["退款"],
        TransferKind.Expiry => l["到期退回"],
        TransferKind.Settlement => l["结算"],
        TransferKind.Reversal => l["冲正"],
        TransferKind.PointsAward => l["积分奖励"],
        TransferKind.PointsRedemption => l["积分兑换"],
        TransferKind.Adjustment => l["调账"],
        TransferKind.PointsRefund => l["积分退回"],
        _ => kind.ToString(),
    };

    public static bool English => System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal);

    /// <summary>2026年11月21日 14:05 (en: 2026-11-21 14:05), Beijing time.</summary>
    public static string When(DateTime utc)
    {
        var local = ShanghaiDay.Local(utc);
        return English ? local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : $"{local.Year}年{local.Month}月{local.Day}日 {local:HH:mm}";
    }

    public static string Day(DateTime utc)
    {
        var local = ShanghaiDay.Local(utc);
        return English ? local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : $"{local.Year}年{local.Month}月{local.Day}日";
    }
}
