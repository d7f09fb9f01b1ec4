using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Identity.RateLimiting;

/// <summary>
/// Per-IP fixed-window limits on the sign-in and one-time-code endpoints and pages (POSTs only: showing a page
/// is free). They sit in front of the per-account lock-out and the per-phone code limits, which are the real
/// protection; these stop one address from hammering many accounts or phones.
/// </summary>
internal static class IdentityRateLimits
{
    public const string SignInPolicy = "identity-sign-in";
    public const string CodePolicy = "identity-code";

    public static IServiceCollection AddIdentityRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInPolicy, http => Partition(http, SignInPolicy, x => x.SignInPermitsPerWindow));
            o.AddPolicy(CodePolicy, http => Partition(http, CodePolicy, x => x.CodePermitsPerWindow));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, string policy, Func<IdentityModuleOptions, int> permits)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            return RateLimitPartition.GetNoLimiter("read");
        var options = http.RequestServices.GetRequiredService<IOptions<IdentityModuleOptions>>().Value;
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}:{ip}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = TimeSpan.FromSeconds(options.RateLimitWindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<IdentityText>>();
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = 429, Title = l["请求过于频繁"], Detail = l["操作过于频繁，请稍后再试"] },
        });
    }
}
