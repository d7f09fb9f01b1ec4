using UnionOne.Modules.Organisations.Admin;
using UnionOne.Modules.Organisations.Changes;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Coverage;
using UnionOne.Modules.Organisations.Queries;
using UnionOne.Modules.Organisations.Tree;

namespace UnionOne.Modules.Organisations;

internal static class OrganisationsModule
{
    public static IServiceCollection AddOrganisationsModule(this IServiceCollection services)
    {
        services.AddSingleton<OrganisationDirectory>();
        services.AddSingleton<IOrganisationDirectory>(sp => sp.GetRequiredService<OrganisationDirectory>());
        services.AddSingleton<IOrganisationAdmin, OrganisationAdmin>();
        services.AddScoped<TreeChanges>();
        services.AddScoped<UnionDetails>();
        services.AddScoped<CoverageReport>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrganisationsModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        CreateUnion.Endpoint.Map(api);
        EditUnion.Endpoint.Map(api);
        GetUnion.Endpoint.Map(api);
        ListUnions.Endpoint.Map(api);
        MoveUnion.Endpoint.Map(api);
        MergeUnions.Endpoint.Map(api);
        DeregisterUnion.Endpoint.Map(api);
        JoinCode.Endpoint.Map(app);
        return app;
    }
}
