using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Import.Errors;

/// <summary>GET /api/v1/member-imports/{id}/errors?page=: the per-row report (row, column, reason in Chinese), paged.</summary>
internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id:long}/errors", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .Produces<ImportErrorPage>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("导入校验报告：逐行错误（行号、列、原因）");

    private static async Task<IResult> Handle(long id, int? page, int? pageSize, ImportAccess access, ImportQueries queries, CancellationToken ct)
    {
        await access.RequireImportAsync(queries, id, Permission.Read, ct);
        return TypedResults.Ok(await queries.ErrorsAsync(id, page ?? 1, pageSize ?? ImportQueries.DefaultPageSize, ct));
    }
}
