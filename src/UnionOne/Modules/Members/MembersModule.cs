namespace UnionOne.Modules.Members;

internal static class MembersModule
{
    public static IServiceCollection AddMembersModule(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapMembersModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        return app;
    }
}
