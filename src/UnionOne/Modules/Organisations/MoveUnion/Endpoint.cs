using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Changes;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Organisations.MoveUnion;

internal sealed record MoveUnionRequest(long NewParentId);

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/unions/{id:long}/move", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("把工会（连同下级）移到另一个上级工会之下；会员与历史保持不变");

    private static async Task<NoContent> Handle(long id, MoveUnionRequest request, StaffGate access, TreeChanges changes, CancellationToken ct)
    {
        var (scope, _) = await access.RequireWithScopeAsync(Permission.AdministerTree, id, ct);
        await access.RequireWithScopeAsync(Permission.AdministerTree, request.NewParentId, ct);
        await changes.MoveAsync(id, request.NewParentId, scope.StaffId, ct);
        return TypedResults.NoContent();
    }
}
