using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Points.Balance;

/// <summary>GET /api/v1/points/me and /me/history (member): balance and history of the member's points.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/points/me").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Points");
        me.MapGet("/", Balance).WithSummary("我的积分余额").ProducesProblem(StatusCodes.Status409Conflict);
        me.MapGet("/history", History).WithSummary("我的积分明细（最新在前；before=上一页最后一条的 transferId）");
    }

    private static async Task<Ok<PointsBalance>> Balance(MemberPoints points, CancellationToken ct) => TypedResults.Ok(await points.BalanceAsync(ct));

    private static async Task<Ok<PointsHistory>> History(long? before, int? take, MemberPoints points, CancellationToken ct) =>
        TypedResults.Ok(await points.HistoryAsync(before, take ?? 20, ct));
}
