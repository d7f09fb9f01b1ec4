using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Import.Commit;

/// <summary>POST /api/v1/member-imports/{id}/commit: inserts the valid staged rows; a second commit is refused (409).</summary>
internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id:long}/commit", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .Produces<ImportCommitResult>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("提交导入批次的有效数据");

    private static async Task<IResult> Handle(long id, ImportAccess access, ImportQueries queries, MemberImporter importer, ICurrentUser user, CancellationToken ct)
    {
        await access.RequireImportAsync(queries, id, Permission.ManageMembers, ct);
        return TypedResults.Ok(await importer.CommitAsync(id, user.StaffId, ct));
    }
}
