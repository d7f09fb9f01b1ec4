using System.Globalization;

namespace UnionOne.Modules.Members.Import.Pages;

/// <summary>How the import pages show times and states.</summary>
internal static class ImportFormat
{
    /// <summary>China time, yyyy-MM-dd HH:mm.</summary>
    public static string Time(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string StateLabel(string state) => state switch
    {
        "committed" => "已提交",
        "expired" => "已过期",
        _ => "待提交",
    };

    public static string StateClass(string state) => state switch
    {
        "committed" => "ok",
        "expired" => "bad",
        _ => "warn",
    };
}
