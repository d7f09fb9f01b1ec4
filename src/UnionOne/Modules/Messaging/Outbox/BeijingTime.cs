namespace UnionOne.Modules.Messaging.Outbox;

/// <summary>China Standard Time (UTC+8, no daylight saving) for display.</summary>
internal static class BeijingTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static string Format(DateTime utc, string format = "yyyy-MM-dd HH:mm:ss") =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Offset).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
