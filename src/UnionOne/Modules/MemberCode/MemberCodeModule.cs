using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Modules.MemberCode.Issue;
using UnionOne.Modules.MemberCode.Offline;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Modules.MemberCode.Suspensions;
using UnionOne.Modules.MemberCode.Verify;
using FluentValidation;
using UnionOne.Modules.MemberCode.Gate;

namespace UnionOne.Modules.MemberCode;

internal static class MemberCodeModule
{
    public static IServiceCollection AddMemberCodeModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MemberCodeOptions>().Bind(configuration.GetSection(MemberCodeOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MemberCodeOptions>, MemberCodeOptionsValidator>();
        services.AddSingleton<ISignatureScheme, EcdsaP256Scheme>();
        services.AddSingleton<CodeKeyRing>();
        services.AddSingleton<RevocationCache>();
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<CodeIssuer>();
        services.AddSingleton<IMemberCodeIssuer>(sp => sp.GetRequiredService<CodeIssuer>());
        services.AddSingleton<IMemberCodes, CodeReader>();
        services.AddSingleton<GateCheck>();
        services.AddSingleton<BundleIssuer>();
        services.AddSingleton<OfflineUploads>();
        services.AddScoped<DeviceAdmin>();
        services.AddScoped<CodeSuspensions>();
        services.AddScoped<IValidator<VerifyRequest>, VerifyRequestValidator>();
        services.AddHostedService<CodeUsePruning>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DeviceAuthenticationHandler>(DeviceAuth.Scheme, null)
            .AddCookie(DeviceAuth.PageScheme, o =>
            {
                o.Cookie.Name = "uo.gate";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/gate/sign-in";
                o.AccessDeniedPath = "/gate/sign-in";
                o.ExpireTimeSpan = TimeSpan.FromDays(30);
                o.Events.OnValidatePrincipal = GateCookie.ValidateAsync;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(DeviceAuth.ApiPolicy, p => p.AddAuthenticationSchemes(DeviceAuth.Scheme).RequireClaim(DeviceAuth.DeviceIdClaim))
            .AddPolicy(DeviceAuth.PagePolicy, p => p.AddAuthenticationSchemes(DeviceAuth.PageScheme).RequireClaim(DeviceAuth.DeviceIdClaim));
        return services;
    }

    public static IEndpointRouteBuilder MapMemberCodeModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Verify.Endpoint.Map(api);
        Issue.Endpoints.Map(api);
        Offline.Endpoint.Map(api);
        Devices.Endpoints.Map(api);
        Suspensions.Endpoints.Map(api);
        Gate.Endpoints.Map(app);
        return app;
    }
}
