using System.Text;

namespace UnionOne.Platform.Web;

/// <summary>
/// The name of an uploaded file as it may be stored or shown: the last segment only (both '/' and '\' count as
/// separators, so "../../etc/passwd.xlsx" and "..\..\x.csv" lose their path), without control characters (NUL
/// cannot go into PostgreSQL text), trimmed and cut to a maximum length. Never used as a path on disk.
/// </summary>
internal static class UploadFileName
{
    public static string Clean(string? raw, int maxLength, string fallback)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) if (!char.IsControl(c)) sb.Append(c);
        var s = sb.ToString().Trim();
        if (s.Length == 0 || s is "." or "..") s = fallback;
        return s.Length > maxLength ? s[..maxLength] : s;
    }
}
