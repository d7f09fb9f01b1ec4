using Microsoft.AspNetCore.Mvc;
using UnionOne.Modules.Members.Search;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Export;

internal static class Endpoint
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The API (bearer) and the console's export button (staff cookie) share one handler.</summary>
    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        api.MapGet("/members/export", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Members")
            .WithSummary("导出会员名单为 .xlsx（与列表相同的筛选；身份证号和手机号脱敏；记入审计日志）")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/console/members/export", Handle)
            .RequireAuthorization(UnionPolicies.StaffPages)
            .ExcludeFromDescription();
    }

    private static async Task<IResult> Handle([AsParameters] MemberQuery query, MemberExport export, HttpContext http, CancellationToken ct)
    {
        var file = await export.ExportAsync(query, ct);
        http.Response.RegisterForDisposeAsync(file.Content);
        http.Response.Headers["X-Row-Count"] = file.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(file.Content, Xlsx, file.FileName);
    }
}
