using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace UnionOne.Platform.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddUnionOneAuth(this IServiceCollection services)
    {
        services.AddAuthentication(UnionSchemes.Staff)
            .AddCookie(UnionSchemes.Staff, o =>
            {
                o.Cookie.Name = "uo.staff";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/console/sign-in";
                o.AccessDeniedPath = "/console/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            })
            .AddCookie(UnionSchemes.Member, o =>
            {
                o.Cookie.Name = "uo.member";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/m/sign-in";
                o.AccessDeniedPath = "/m/sign-in";
                o.ExpireTimeSpan = TimeSpan.FromDays(30);
                o.SlidingExpiration = true;
            })
            .AddBearerToken(UnionSchemes.Bearer, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(2);
                o.RefreshTokenExpiration = TimeSpan.FromDays(14);
            });

        // After every scheme's own post-configuration, including the cookie schemes modules add later (see CacheTickets).
        services.AddSingleton<CacheTickets>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>>(sp => sp.GetRequiredService<CacheTickets>());
        services.AddSingleton<IPostConfigureOptions<BearerTokenOptions>>(sp => sp.GetRequiredService<CacheTickets>());

        services.AddAuthorizationBuilder()
            .AddPolicy(UnionPolicies.StaffPages, p => p.AddAuthenticationSchemes(UnionSchemes.Staff).RequireClaim(UnionClaims.StaffId))
            .AddPolicy(UnionPolicies.MemberPages, p => p.AddAuthenticationSchemes(UnionSchemes.Member).RequireClaim(UnionClaims.PhoneHash))
            .AddPolicy(UnionPolicies.StaffApi, p => p.AddAuthenticationSchemes(UnionSchemes.Bearer).RequireClaim(UnionClaims.StaffId))
            .AddPolicy(UnionPolicies.MemberApi, p => p.AddAuthenticationSchemes(UnionSchemes.Bearer).RequireClaim(UnionClaims.PhoneHash));

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        return services;
    }
}
