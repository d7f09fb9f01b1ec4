using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Payments;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Wallet.MyWallet;

/// <summary>/api/v1/wallet/me: the member's own account, payment code, receipts and nearby merchants.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/wallet/me").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Wallet");
        me.MapGet("/", async (MyWalletService wallet, CancellationToken ct) => TypedResults.Ok(await wallet.LoadAsync(ct)))
            .WithSummary("我的专户：余额、按用途与有效期的资金、收支记录、消费小票").ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/payment-code", async (MyWalletService wallet, CancellationToken ct) =>
            {
                var code = await wallet.PaymentCodeAsync(ct);
                return TypedResults.Ok(code with { Svg = null });
            })
            .WithSummary("一次性付款码（60秒内有效，只能使用一次）").ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/payments/{id:long}", async Task<Ok<Receipt>> (long id, MyWalletService wallet, CancellationToken ct) => TypedResults.Ok(await wallet.ReceiptAsync(id, ct)))
            .WithSummary("我的一张消费小票").ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/merchants/nearby", async Task<Ok<IReadOnlyList<NearbyMerchant>>> (double lat, double lng, MyWalletService wallet, CancellationToken ct) =>
                TypedResults.Ok(await wallet.NearbyAsync(lat, lng, ct)))
            .WithSummary("离我最近的普惠商户及折扣（GCJ-02 坐标）");
    }
}
