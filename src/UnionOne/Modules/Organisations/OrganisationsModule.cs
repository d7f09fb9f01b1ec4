using UnionOne.Modules.Organisations.Admin;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;

namespace UnionOne.Modules.Organisations;

internal static class OrganisationsModule
{
    public static IServiceCollection AddOrganisationsModule(this IServiceCollection services)
    {
        services.AddSingleton<OrganisationDirectory>();
        services.AddSingleton<IOrganisationDirectory>(sp => sp.GetRequiredService<OrganisationDirectory>());
        services.AddSingleton<IOrganisationAdmin, OrganisationAdmin>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrganisationsModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        return app;
    }
}
