namespace UnionOne.Modules.Identity;

/// <summary>Return addresses after sign-in: only paths on this site, never another host (open redirect).</summary>
internal static class LocalUrl
{
    public static string OrDefault(string? url, string fallback)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2000) return fallback;
        if (url[0] != '/') return fallback;
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) return fallback;
        if (url.Any(c => char.IsControl(c) || c == '\\')) return fallback;
        return url;
    }
}
