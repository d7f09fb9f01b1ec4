using System.Globalization;
using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.Places.Stations.Console;

/// <summary>zh-CN labels (the resource keys) and formats shared by the station pages.</summary>
internal static class StationLabels
{
    public static string Kind(short kind) => (PlaceKind)kind switch
    {
        PlaceKind.WorkersHome => "职工之家",
        PlaceKind.OutdoorStation => "户外劳动者驿站",
        PlaceKind.WorkshopStation => "工间活动站",
        _ => "阵地",
    };

    public static string Status(short status) => (PlaceStatus)status switch
    {
        PlaceStatus.Open => "开放",
        PlaceStatus.Rectifying => "整改中",
        _ => "已摘牌",
    };

    public static string StatusBadge(short status) => (PlaceStatus)status switch
    {
        PlaceStatus.Open => "ok",
        PlaceStatus.Rectifying => "warn",
        _ => "bad",
    };

    public static string Stars(int stars) => new string('★', stars) + new string('☆', 5 - stars);

    /// <summary>Integer fen as yuan with thousands separators, e.g. 1200000 → "12,000".</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString(fen % 100 == 0 ? "#,0" : "#,0.00", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Month(DateOnly? month) => month?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? "—";

    public static string Time(DateTime? utc) => utc is { } t ? StationClock.Local(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";
}
