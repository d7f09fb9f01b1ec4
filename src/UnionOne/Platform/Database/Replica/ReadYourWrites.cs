using System.Globalization;
using Microsoft.Extensions.Options;

namespace UnionOne.Platform.Database.Replica;

/// <summary>
/// Read-your-writes across a replica: a successful write request (any method but GET, HEAD, OPTIONS) leaves a short-lived
/// cookie; while a request carries it, its lag-tolerant reads go to the primary. Only set when a replica is configured.
/// </summary>
internal sealed class ReadYourWrites(RequestDelegate next, ReplicaState replica, IOptions<DatabaseOptions> options, TimeProvider clock)
{
    public const string CookieName = "uo-primary-until";

    public async Task InvokeAsync(HttpContext context)
    {
        if (replica.DataSource is not null && IsWrite(context.Request.Method))
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode < 400)
                {
                    var window = TimeSpan.FromSeconds(options.Value.ReadYourWritesSeconds);
                    var until = clock.GetUtcNow().Add(window).ToUnixTimeMilliseconds();
                    context.Response.Cookies.Append(CookieName, until.ToString(CultureInfo.InvariantCulture), new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = SameSiteMode.Lax,
                        Path = "/",
                        MaxAge = window,
                        IsEssential = true,
                    });
                }
                return Task.CompletedTask;
            });
        }
        await next(context);
    }

    private static bool IsWrite(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsOptions(method);

    public static bool WroteRecently(HttpContext? context)
    {
        if (context is null) return false;
        // The write request itself (a form post that renders its result) reads what it wrote.
        if (IsWrite(context.Request.Method)) return true;
        return context.Request.Cookies.TryGetValue(CookieName, out var value)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            && until > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }
}
