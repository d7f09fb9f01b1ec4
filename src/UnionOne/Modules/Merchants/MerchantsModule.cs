using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Merchants.Apply;
using UnionOne.Modules.Merchants.Batches;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Detail;
using UnionOne.Modules.Merchants.Directory;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Modules.Merchants.Lifecycle;
using UnionOne.Modules.Merchants.Public;
using UnionOne.Modules.Merchants.Review;
using UnionOne.Modules.Merchants.Tills;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Merchants;

internal static class MerchantsModule
{
    /// <summary>Per-address limit on merchant applications (page and API).</summary>
    public const string ApplyRateLimit = "merchant-apply";

    public static IServiceCollection AddMerchantsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MerchantsOptions>().Bind(configuration.GetSection(MerchantsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MerchantsOptions>, MerchantsOptionsValidator>();
        services.AddSingleton<MerchantDirectory>();
        services.AddSingleton<IMerchantDirectory>(sp => sp.GetRequiredService<MerchantDirectory>());
        services.AddSingleton<TillRegistry>();
        services.AddSingleton<PublicMerchants>();
        services.AddSingleton<IMerchantDemoSeeder, Demo.DemoMerchants>();
        services.AddScoped<MerchantWrites>();
        services.AddScoped<BatchAdmin>();
        services.AddScoped<ApplicationService>();
        services.AddScoped<MerchantReview>();
        services.AddScoped<MerchantLifecycle>();
        services.AddScoped<MerchantQueries>();
        services.AddScoped<TillAdmin>();
        services.AddScoped<Console.MerchantActions>();

        services.AddRateLimiter(o => o.AddPolicy(ApplyRateLimit, http =>
        {
            if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
            var permits = http.RequestServices.GetRequiredService<IOptions<MerchantsOptions>>().Value.ApplyPermitsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter($"{ApplyRateLimit}:{http.Connection.RemoteIpAddress}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }));

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TillAuthenticationHandler>(TillAuth.Scheme, null)
            .AddCookie(TillAuth.PageScheme, o =>
            {
                o.Cookie.Name = TillCookie.Name;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/till/login";
                o.AccessDeniedPath = "/till/login";
                o.ExpireTimeSpan = TimeSpan.FromDays(30);
                o.Events.OnValidatePrincipal = TillCookie.ValidateAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(TillAuth.ApiPolicy, p => p.AddAuthenticationSchemes(TillAuth.Scheme).RequireClaim(TillAuth.TillIdClaim).RequireClaim(TillAuth.MerchantIdClaim))
            .AddPolicy(TillAuth.PagePolicy, p => p.AddAuthenticationSchemes(TillAuth.PageScheme).RequireClaim(TillAuth.TillIdClaim).RequireClaim(TillAuth.MerchantIdClaim));
        return services;
    }

    public static IEndpointRouteBuilder MapMerchantsModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var merchants = api.MapGroup("/merchants").WithTags("Merchants");
        var staff = merchants.MapGroup("").RequireAuthorization(UnionPolicies.StaffApi);
        Apply.Endpoints.Map(merchants);
        Public.Endpoints.Map(merchants);
        Batches.Endpoints.Map(staff);
        Review.Endpoints.Map(staff);
        Lifecycle.Endpoints.Map(staff);
        Detail.Endpoints.Map(staff);
        Tills.Endpoints.Map(app, staff);
        Tills.Endpoints.MapTillApi(api);
        return app;
    }
}
