using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Join;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/join-requests", Submit)
            .RequireAuthorization(UnionPolicies.MemberApi)
            .WithTags("Join")
            .WithSummary("提交入会申请（扫码入会；无入会码时按地区进入工会联合会周转库）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/me/join-requests", Mine)
            .RequireAuthorization(UnionPolicies.MemberApi)
            .WithTags("Join")
            .WithSummary("我的入会申请");
    }

    private static async Task<Created<JoinRequestCreated>> Submit(JoinInput input, JoinService service, ICurrentUser user, CancellationToken ct)
    {
        var created = await service.SubmitAsync(input, user.PhoneHash, ct);
        return TypedResults.Created("/api/v1/me/join-requests", created);
    }

    private static async Task<Ok<IReadOnlyList<MyJoinRequest>>> Mine(JoinService service, ICurrentUser user, CancellationToken ct) =>
        TypedResults.Ok(await service.MineAsync(user.PhoneHash!, ct));
}
