using UnionOne.Components;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Database;
using UnionOne.Platform.Database.Replica;
using UnionOne.Platform.Localization;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;
using UnionOne.Platform.Web;

namespace UnionOne.Platform;

internal static class PlatformSetup
{
    public static WebApplicationBuilder AddUnionOnePlatform(this WebApplicationBuilder builder)
    {
        // Development keys live under .data/ (scripts/secrets.sh); production passes them by environment.
        var secrets = builder.Configuration["UNIONONE_SECRETS_FILE"];
        if (!string.IsNullOrWhiteSpace(secrets)) builder.Configuration.AddJsonFile(Path.GetFullPath(secrets), optional: false, reloadOnChange: false);

        var services = builder.Services;
        services.AddUnionOneDatabase(builder.Configuration);
        services.AddPersonalDataProtection(builder.Configuration);
        services.AddUnionOneProblems();
        services.AddUnionOneLocalization();
        services.AddUnionOneAuth();
        services.AddUnionOneWeb(builder.Configuration);
        services.Configure<RequestLimitOptions>(builder.Configuration.GetSection("RequestLimits"));
        services.AddOpenApi("v1");
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<ReplicaHealthCheck>("replica");
        services.AddHostedService<DatabaseStartup>();
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.AddMemoryCache();
        services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseUnionOnePlatform(this WebApplication app)
    {
        // Behind nginx (make cluster) the client's address and scheme come from X-Forwarded-*, trusted from loopback only
        // and only when Web:TrustForwardedHeaders is set, so rate limits count clients, not the proxy.
        if (app.Configuration.GetValue<bool>("Web:TrustForwardedHeaders"))
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        app.UseMiddleware<RequestLog>();
        app.UseMiddleware<ReadYourWrites>();
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        // Pages answer an empty 4xx/5xx with the Chinese not-found page; the API with ProblemDetails.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePages());
        app.UseSecurityHeaders();
        app.UseRequestBodyLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapOpenApi("/openapi/{documentName}.json");
        // The HTTP ceiling for benchmarks: the cheapest possible endpoint through the same pipeline.
        app.MapGet("/ping", () => "pong").ExcludeFromDescription();
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsJsonAsync(new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
                });
            },
        });
        return app;
    }
}
