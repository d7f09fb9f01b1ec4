using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Members.Detail;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Update;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPatch("/members/{id:long}", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Members")
            .WithSummary("修改会籍状态、增删标签（记入会籍历史和审计日志）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Ok<MemberDetail>> Handle(long id, MemberPatch patch, MemberUpdates updates, MemberDetails details, CancellationToken ct)
    {
        await updates.UpdateAsync(id, patch, ct);
        return TypedResults.Ok(await details.GetAsync(id, ct));
    }
}
