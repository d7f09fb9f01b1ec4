using UnionOne.Modules.Identity.Access;
using UnionOne.Modules.Identity.Contracts;

namespace UnionOne.Modules.Identity;

internal static class IdentityModule
{
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<StaffAccess>();
        services.AddScoped<IStaffAccess>(sp => sp.GetRequiredService<StaffAccess>());
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<StaffAccount>, Microsoft.AspNetCore.Identity.PasswordHasher<StaffAccount>>();
        services.AddSingleton<IStaffAdmin, StaffAdmin>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        return app;
    }
}
