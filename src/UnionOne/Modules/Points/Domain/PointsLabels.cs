using System.Globalization;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Wallet.Contracts;

namespace UnionOne.Modules.Points.Domain;

/// <summary>The zh-CN labels of points events, ledger movements and redemption states (also the localisation keys).</summary>
public static class PointsLabels
{
    public static readonly PointsEvent[] RuleKinds = [PointsEvent.ActivityAttendance, PointsEvent.StationRating, PointsEvent.Quiz];

    public static string Event(PointsEvent kind) => kind switch
    {
        PointsEvent.ActivityAttendance => "参加活动",
        PointsEvent.StationRating => "驿站评价",
        PointsEvent.Quiz => "知识竞赛",
        _ => "手动奖励",
    };

    public static string Movement(TransferKind kind) => kind switch
    {
        TransferKind.PointsAward => "获得积分",
        TransferKind.PointsRedemption => "兑换商品",
        TransferKind.PointsRefund => "取消兑换退回",
        TransferKind.Reversal => "冲正",
        _ => "调整",
    };

    public static string Status(RedemptionStatus status) => status switch
    {
        RedemptionStatus.Reserved => "待领取",
        RedemptionStatus.Collected => "已领取",
        _ => "已取消",
    };

    public static string StatusBadge(RedemptionStatus status) => status switch
    {
        RedemptionStatus.Reserved => "warn",
        RedemptionStatus.Collected => "ok",
        _ => "",
    };

    /// <summary>"1234 5678": the pickup code as shown, in two groups.</summary>
    public static string Code(string code) => code.Length == 8 ? $"{code[..4]} {code[4..]}" : code;

    public static string Time(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Date(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

public enum RedemptionStatus : short
{
    /// <summary>待领取</summary>
    Reserved = 1,

    /// <summary>已领取 (核销)</summary>
    Collected = 2,

    /// <summary>已取消 (points and stock returned)</summary>
    Cancelled = 3,
}

/// <summary>Calendar months in Beijing time (per-member limits count per month).</summary>
internal static class ChinaMonth
{
    public static DateOnly Of(DateTime utc)
    {
        var local = utc.AddHours(8);
        return new DateOnly(local.Year, local.Month, 1);
    }

    /// <summary>A date as a query parameter (Dapper does not bind DateOnly): cast it with ::date in the SQL.</summary>
    public static DateTime Param(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
}
