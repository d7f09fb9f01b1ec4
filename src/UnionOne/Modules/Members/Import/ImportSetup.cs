using Microsoft.Extensions.Localization;
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

        var group = api.MapGroup("/member-imports").WithTags("MemberImport").AddEndpointFilter(ForbiddenAsProblem);
        Upload.Endpoint.Map(group, o);
        Summary.Endpoint.Map(group);
        Errors.Endpoint.Map(group);
        Commit.Endpoint.Map(group);
        Templates.Endpoint.Map(group);
        Upload.PageEndpoint.Map(app, o);
        return app;
    }

    /// <summary>Inside the caller's subtree without ManageMembers: 403 with the reason.</summary>
    private static async ValueTask<object?> ForbiddenAsProblem(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ImportForbiddenException e)
        {
            var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<ImportText>>();
            return TypedResults.Problem(detail: l[e.Message], statusCode: StatusCodes.Status403Forbidden, title: l["没有权限"]);
        }
    }
}
