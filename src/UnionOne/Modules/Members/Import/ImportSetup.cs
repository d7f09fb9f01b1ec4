using UnionOne.Modules.Members.Import.Bulk;

namespace UnionOne.Modules.Members.Import;

/// <summary>Registers bulk member import (批量导入): services, /api/v1/member-imports and the console upload endpoint.</summary>
internal static class ImportSetup
{
    public static IServiceCollection AddMemberImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MemberImportOptions>().Bind(configuration.GetSection(MemberImportOptions.Section));
        services.AddSingleton<MemberBulkWriter>();
        services.AddSingleton<ImportQueries>();
        services.AddScoped<ImportAccess>();
        services.AddScoped<ImportUnionChoices>();
        services.AddScoped<MemberImporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapMemberImport(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var o = new MemberImportOptions();
        app.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(MemberImportOptions.Section).Bind(o);

        var group = api.MapGroup("/member-imports").WithTags("MemberImport");
        Upload.Endpoint.Map(group, o);
        Summary.Endpoint.Map(group);
        Errors.Endpoint.Map(group);
        Commit.Endpoint.Map(group);
        Templates.Endpoint.Map(group);
        Upload.PageEndpoint.Map(app, o);
        return app;
    }
}
