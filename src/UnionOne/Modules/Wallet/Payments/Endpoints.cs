using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Payments;

/// <summary>/api/v1/wallet/till: what a merchant's till does — take a payment, refund, look up receipts. Till credential required.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var till = api.MapGroup("/wallet/till").RequireAuthorization(TillAuth.ApiPolicy).WithTags("Wallet till");
        till.MapPost("/payments", Pay).Validate<PayRequest>()
            .WithSummary("收款：扫描会员付款码并输入原价（分），按商户折扣或优惠券扣减会员专户。须带 Idempotency-Key 请求头")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        till.MapPost("/payments/{id:long}/refunds", Refund).Validate<RefundRequest>()
            .WithSummary("退款（全额或部分，消费后30天内）。须带 Idempotency-Key 请求头")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        till.MapGet("/payments/{id:long}", Find).WithSummary("本商户的一张小票").ProducesProblem(StatusCodes.Status404NotFound);
        till.MapGet("/payments", Day).WithSummary("本商户某天（day=yyyy-MM-dd，默认今天）的收款");
    }

    private static async Task<Created<Receipt>> Pay(PayRequest request, HttpContext http, PaymentService payments, CancellationToken ct)
    {
        var (merchantId, tillId) = Till(http.User);
        var receipt = await payments.PayAsync(merchantId, tillId, request, http.Request.Headers[IdempotencyKey.Header], ct);
        return TypedResults.Created($"/api/v1/wallet/till/payments/{receipt.Id}", receipt);
    }

    private static async Task<Ok<Receipt>> Refund(long id, RefundRequest request, HttpContext http, PaymentService payments, CancellationToken ct)
    {
        var (merchantId, tillId) = Till(http.User);
        return TypedResults.Ok(await payments.RefundAsync(merchantId, tillId, id, request, http.Request.Headers[IdempotencyKey.Header], ct));
    }

    private static async Task<Ok<Receipt>> Find(long id, HttpContext http, Receipts receipts, IStringLocalizer<WalletText> l, CancellationToken ct) =>
        TypedResults.Ok(await receipts.FindAsync(id, Till(http.User).MerchantId, null, ct) ?? throw new NotFoundException(l["未找到该笔消费"]));

    private static async Task<Ok<IReadOnlyList<Receipt>>> Day(string? day, HttpContext http, Receipts receipts, TimeProvider clock, IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        var date = ShanghaiDay.Today(clock);
        if (!string.IsNullOrWhiteSpace(day) && !DateOnly.TryParseExact(day, "yyyy-MM-dd", out date))
            throw new InputValidationException("day", l["日期格式应为 yyyy-MM-dd"]);
        var (from, to) = ShanghaiDay.Bounds(date);
        return TypedResults.Ok(await receipts.OfMerchantAsync(Till(http.User).MerchantId, from, to, ct));
    }

    private static (long MerchantId, long TillId) Till(ClaimsPrincipal user) =>
        (user.MerchantId() ?? throw new UnauthorizedAccessException(), user.TillId() ?? throw new UnauthorizedAccessException());
}
