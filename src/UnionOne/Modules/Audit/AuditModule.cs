using UnionOne.Modules.Audit.Contracts;

namespace UnionOne.Modules.Audit;

internal static class AuditModule
{
    public static IServiceCollection AddAuditModule(this IServiceCollection services)
    {
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<AuditQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        ListEntries.Endpoint.Map(api);
        return api;
    }
}
