using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Directory;

namespace UnionOne.Modules.Members;

internal static class MembersModule
{
    public static IServiceCollection AddMembersModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IMemberDirectory, MemberDirectory>();
        return services;
    }

    public static IEndpointRouteBuilder MapMembersModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        return app;
    }
}
