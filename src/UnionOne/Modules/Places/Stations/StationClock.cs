namespace UnionOne.Modules.Places.Stations;

/// <summary>Days and months of station management in Beijing time (UTC+8, no daylight saving).</summary>
internal sealed class StationClock(TimeProvider time)
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(UtcNow + Offset);

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The UTC instant at which the Beijing day begins.</summary>
    public static DateTime StartUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Offset, DateTimeKind.Utc);

    public static DateTime Local(DateTime utc) => utc + Offset;
}

/// <summary>Dapper cannot bind DateOnly parameters: dates go as DateTime and the SQL casts them back (<c>@x::date</c>).</summary>
internal static class DbDate
{
    public static DateTime Of(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);

    public static DateTime? Of(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);
}
