using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Points.Domain;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Points.Redemptions;

internal sealed record CollectRequest(string? Code);

/// <summary>
/// Member: /api/v1/points/me/items (what can be redeemed), POST /me/redemptions (Idempotency-Key), /me/redemptions, cancel.
/// Staff: /api/v1/points/redemptions (list), POST /redemptions/collect (核销 by pickup code), POST /redemptions/{id}/cancel.
/// </summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/points/me").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Points");
        me.MapGet("/items", Shelf).WithSummary("积分超市：本人可兑换的商品（本工会及上级工会的在架商品）");
        me.MapPost("/redemptions", Redeem).WithSummary("兑换一件商品（请求头 Idempotency-Key 必填）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        me.MapGet("/redemptions", Mine).WithSummary("我的兑换记录（含取货码）");
        me.MapPost("/redemptions/{id:long}/cancel", CancelMine).WithSummary("取消未领取的兑换（积分和库存退回）")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var staff = api.MapGroup("/points/redemptions").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Points");
        staff.MapGet("/", List).WithSummary("兑换记录（本辖区商品或本辖区会员的；status=1待领取 2已领取 3已取消）");
        staff.MapPost("/collect", Collect).WithSummary("按取货码核销").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPost("/{id:long}/cancel", CancelByStaff).WithSummary("取消未领取的兑换（积分和库存退回）")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<Shelf>> Shelf(RedemptionService redemptions, CancellationToken ct) => TypedResults.Ok(await redemptions.ShelfAsync(ct));

    private static async Task<Created<RedemptionView>> Redeem(RedeemRequest request, HttpContext http, RedemptionService redemptions, CancellationToken ct)
    {
        var redemption = await redemptions.RedeemAsync(request, http.Request.Headers[IdempotencyKey.Header].ToString(), ct);
        return TypedResults.Created($"/api/v1/points/me/redemptions/{redemption.Id}", redemption);
    }

    private static async Task<Ok<IReadOnlyList<RedemptionView>>> Mine(RedemptionService redemptions, CancellationToken ct) => TypedResults.Ok(await redemptions.MineAsync(ct));

    private static async Task<Ok<RedemptionView>> CancelMine(long id, RedemptionService redemptions, CancellationToken ct) =>
        TypedResults.Ok(await redemptions.CancelByMemberAsync(id, ct));

    private static async Task<Ok<IReadOnlyList<RedemptionView>>> List(long? unionId, short? status, string? code, int? take, RedemptionService redemptions, CancellationToken ct) =>
        TypedResults.Ok(await redemptions.ListAsync(unionId, status is >= 1 and <= 3 ? (RedemptionStatus)status.Value : null, code, take ?? 100, ct));

    private static async Task<Ok<RedemptionView>> Collect(CollectRequest request, RedemptionService redemptions, CancellationToken ct) =>
        TypedResults.Ok(await redemptions.CollectAsync(request.Code, ct));

    private static async Task<Ok<RedemptionView>> CancelByStaff(long id, RedemptionService redemptions, CancellationToken ct) =>
        TypedResults.Ok(await redemptions.CancelByStaffAsync(id, ct));
}
