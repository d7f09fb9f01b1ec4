using System.Globalization;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>Times as the pages show them: Beijing time (UTC+8, no daylight saving).</summary>
internal static class Display
{
    public static string Time(DateTime? utc) =>
        utc is { } t ? (DateTime.SpecifyKind(t, DateTimeKind.Utc) + TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>The last day something is valid (an expiry at Beijing midnight is valid through the day before).</summary>
    public static string LastDay(DateTime utc) =>
        DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc) + TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Indent(int depth) => new('\u3000', depth);
}
