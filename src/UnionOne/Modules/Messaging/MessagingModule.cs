namespace UnionOne.Modules.Messaging;

internal static class MessagingModule
{
    public static IServiceCollection AddMessagingModule(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapMessagingModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        return app;
    }
}
