using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Changes;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Organisations.DeregisterUnion;

internal sealed record DeregisterUnionRequest(string Reason, long? MembersToUnionId);

internal sealed record DeregisterResult(int MembersMoved);

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/unions/{id:long}/deregister", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("注销工会；会员转入指定工会（默认上级工会的周转库），历史保留");

    private static async Task<Ok<DeregisterResult>> Handle(long id, DeregisterUnionRequest request, StaffGate access, TreeChanges changes, CancellationToken ct)
    {
        var (scope, _) = await access.RequireWithScopeAsync(Permission.AdministerTree, id, ct);
        if (request.MembersToUnionId is { } to) await access.RequireWithScopeAsync(Permission.ManageMembers, to, ct);
        return TypedResults.Ok(new DeregisterResult(await changes.DeregisterAsync(id, request.MembersToUnionId, request.Reason ?? "", scope.StaffId, ct)));
    }
}
