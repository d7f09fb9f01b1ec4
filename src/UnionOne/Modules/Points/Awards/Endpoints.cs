using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Points.Awards;

/// <summary>POST /api/v1/points/awards (staff, Idempotency-Key): a manual award; GET /points/unions/{unionId}/awards: recent awards.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/points/awards", Award).RequireAuthorization(UnionPolicies.StaffApi).WithTags("Points")
            .WithSummary("手动奖励积分（会员编号、积分、原因；请求头 Idempotency-Key 必填）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/points/unions/{unionId:long}/awards", Recent).RequireAuthorization(UnionPolicies.StaffApi).WithTags("Points")
            .WithSummary("以本辖区工会名义发放的积分（最新在前）").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<AwardView>> Award(ManualAwardRequest request, HttpContext http, ManualAwardService awards, CancellationToken ct)
    {
        var award = await awards.AwardAsync(request, http.Request.Headers[IdempotencyKey.Header].ToString(), ct);
        return TypedResults.Created($"/api/v1/points/awards/{award.Id}", award);
    }

    private static async Task<Ok<IReadOnlyList<AwardView>>> Recent(long unionId, int? take, ManualAwardService awards, CancellationToken ct) =>
        TypedResults.Ok(await awards.RecentAsync(unionId, take ?? 50, ct));
}
