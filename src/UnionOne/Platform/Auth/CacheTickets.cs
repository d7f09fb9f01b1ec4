using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace UnionOne.Platform.Auth;

/// <summary>
/// Puts <see cref="CachedTicketFormat"/> in front of every cookie scheme's ticket format and the bearer scheme's access
/// token format, after the framework has created them. Registered after the schemes, so it runs after the framework's own
/// post-configuration. Refresh tokens are left alone: they are read once per refresh.
/// </summary>
internal sealed class CacheTickets : IPostConfigureOptions<CookieAuthenticationOptions>, IPostConfigureOptions<BearerTokenOptions>, IDisposable
{
    /// <summary>
    /// At most this many signed-in sessions are remembered per instance (a ticket is about 1.5 KB: ~30 MB at most); beyond
    /// that a quarter is compacted away, least recently used first.
    /// </summary>
    public const int Capacity = 20_000;

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (options.TicketDataFormat is not CachedTicketFormat) options.TicketDataFormat = new CachedTicketFormat(options.TicketDataFormat, cache);
    }

    public void PostConfigure(string? name, BearerTokenOptions options)
    {
        if (options.BearerTokenProtector is not CachedTicketFormat) options.BearerTokenProtector = new CachedTicketFormat(options.BearerTokenProtector, cache);
    }

    public void Dispose() => cache.Dispose();
}
