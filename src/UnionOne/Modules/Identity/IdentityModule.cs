using FluentValidation;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Identity.Access;
using UnionOne.Modules.Identity.ChangePassword;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Identity.MemberSignIn;
using UnionOne.Modules.Identity.RateLimiting;
using UnionOne.Modules.Identity.SecurityStamps;
using UnionOne.Modules.Identity.StaffAdministration;
using UnionOne.Modules.Identity.StaffSignIn;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Identity;

internal static class IdentityModule
{
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityModuleOptions>().Bind(configuration.GetSection(IdentityModuleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityModuleOptions>, IdentityModuleOptionsValidator>();

        services.AddScoped<StaffAccess>();
        services.AddScoped<IStaffAccess>(sp => sp.GetRequiredService<StaffAccess>());
        services.AddScoped<StaffGate>();
        services.AddSingleton<IPasswordHasher<StaffAccount>, PasswordHasher<StaffAccount>>();
        services.AddSingleton<IStaffAdmin, StaffAdmin>();

        services.AddScoped<StaffSignInService>();
        services.AddScoped<ChangePasswordService>();
        services.AddScoped<OneTimeCodes>();
        services.AddScoped<StaffAdministration.StaffAdministration>();
        services.AddScoped<IValidator<StaffTokenRequest>, StaffTokenRequestValidator>();
        services.AddScoped<IValidator<MemberCodeRequest>, MemberCodeRequestValidator>();
        services.AddScoped<IValidator<CreateStaffRequest>, CreateStaffRequestValidator>();
        services.AddScoped<IValidator<SetRoleRequest>, SetRoleRequestValidator>();

        // A staff cookie or bearer token stops working once the account's security stamp changes (password change).
        services.AddSingleton<SecurityStampCheck>();
        services.AddScoped<StaffCookieEvents>();
        services.AddScoped<BearerStampEvents>();
        services.PostConfigure<CookieAuthenticationOptions>(UnionSchemes.Staff, o => o.EventsType = typeof(StaffCookieEvents));
        services.PostConfigure<BearerTokenOptions>(UnionSchemes.Bearer, o => o.EventsType = typeof(BearerStampEvents));

        services.AddIdentityRateLimits();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        StaffSignIn.TokenEndpoint.Map(api);
        StaffSignIn.SignOutEndpoint.Map(app);
        ChangePassword.Endpoint.Map(api);
        RefreshToken.Endpoint.Map(api);
        StaffAdministration.Endpoints.Map(api);
        MemberSignIn.CodeEndpoint.Map(api);
        MemberSignIn.TokenEndpoint.Map(api);
        MemberSignIn.SignOutEndpoint.Map(app);
        return app;
    }
}
