namespace UnionOne.Platform.Security;

/// <summary>How personal data is shown on screens, in API answers and in logs unless a permitted role reveals it.</summary>
public static class Mask
{
    /// <summary>110105********002X: region and last four, as the issue and common Chinese practice show it.</summary>
    public static string IdNumber(string? id) =>
        string.IsNullOrEmpty(id) ? "" : id.Length <= 10 ? new string('*', id.Length) : id[..6] + new string('*', id.Length - 10) + id[^4..];

    /// <summary>138****5678.</summary>
    public static string Phone(string? phone) =>
        string.IsNullOrEmpty(phone) ? "" : phone.Length < 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];

    /// <summary>张*丰 / 李*: used where a name must not be shown in full (public notices, other unions).</summary>
    public static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        if (name.Length == 1) return name;
        if (name.Length == 2) return name[0] + "*";
        return name[0] + new string('*', name.Length - 2) + name[^1];
    }
}
