using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Settlement.Payees;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/wallet/merchants/{merchantId:long}/payee").WithTags("Wallet settlement").RequireAuthorization(UnionPolicies.StaffApi);
        group.MapGet("", GetAsync)
            .WithSummary("商户收款账户（账号脱敏）")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("", SaveAsync)
            .WithSummary("登记或修改商户收款账户（需资金经办权限；记入审计日志）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/reveal", RevealAsync)
            .WithSummary("查看完整收款账号（记入审计日志）")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<PayeeView>> GetAsync(long merchantId, PayeeService payees, IStringLocalizer<WalletText> l, CancellationToken ct) =>
        TypedResults.Ok(await payees.GetAsync(merchantId, ct) ?? throw new NotFoundException(l["该商户尚未登记收款账户"]));

    private static async Task<Ok<PayeeView>> SaveAsync(long merchantId, PayeeInput? input, PayeeService payees, CancellationToken ct) =>
        TypedResults.Ok(await payees.SaveAsync(merchantId, input ?? new PayeeInput(null, null, null), ct));

    private static async Task<Ok<RevealedAccountNumber>> RevealAsync(long merchantId, PayeeService payees, CancellationToken ct) =>
        TypedResults.Ok(await payees.RevealAsync(merchantId, ct));
}
