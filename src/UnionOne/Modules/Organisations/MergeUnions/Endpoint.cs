using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Changes;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Organisations.MergeUnions;

internal sealed record MergeUnionsRequest(long IntoUnionId);

internal sealed record MergeResult(int MembersMoved);

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/unions/{id:long}/merge", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("把一个基层工会并入另一个基层工会；会员、待办申请和历史随之转入");

    private static async Task<Ok<MergeResult>> Handle(long id, MergeUnionsRequest request, StaffGate access, TreeChanges changes, CancellationToken ct)
    {
        var (scope, _) = await access.RequireWithScopeAsync(Permission.AdministerTree, id, ct);
        await access.RequireWithScopeAsync(Permission.AdministerTree, request.IntoUnionId, ct);
        return TypedResults.Ok(new MergeResult(await changes.MergeAsync(id, request.IntoUnionId, scope.StaffId, ct)));
    }
}
