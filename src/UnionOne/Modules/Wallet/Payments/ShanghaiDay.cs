namespace UnionOne.Modules.Wallet.Payments;

/// <summary>Calendar days and months as members and merchants count them (Asia/Shanghai).</summary>
internal static class ShanghaiDay
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>[start, end) of a local day in UTC.</summary>
    public static (DateTime StartUtc, DateTime EndUtc) Bounds(DateOnly day)
    {
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zone);
        return (start, start.AddDays(1));
    }
}
