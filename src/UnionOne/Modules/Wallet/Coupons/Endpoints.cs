using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Wallet.Coupons;

/// <summary>/api/v1/wallet/coupons (staff): coupons a union gives its members at a category of merchants.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/wallet/coupons").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Wallet coupons");
        group.MapGet("/", async (CouponAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(ct))).WithSummary("本辖区的优惠券");
        group.MapPost("/", async Task<Created<Coupon>> (CouponInput input, CouponAdmin admin, CancellationToken ct) =>
            {
                var coupon = await admin.CreateAsync(input, ct);
                return TypedResults.Created($"/api/v1/wallet/coupons/{coupon.Id}", coupon);
            })
            .WithSummary("新建优惠券（如快递八五折，每人每月3次）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/withdraw", async Task<NoContent> (long id, CouponAdmin admin, CancellationToken ct) =>
            {
                await admin.WithdrawAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("停用优惠券").ProducesProblem(StatusCodes.Status404NotFound);
    }
}
