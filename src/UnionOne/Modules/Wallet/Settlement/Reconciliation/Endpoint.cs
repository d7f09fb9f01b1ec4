using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Wallet.Settlement.Reconciliation;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/wallet/reconciliation", async (long? unionId, string? from, string? to, ReconciliationReport report, CancellationToken ct) =>
                TypedResults.Ok(await report.GetAsync(unionId, from, to, ct)))
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Wallet settlement")
            .WithSummary("对账报表（from/to=yyyy-MM-dd，北京时间）：商户期初应收 + 消费 − 退款 − 结算 = 期末应收；资金池 拨入 − 发放 + 到期退回 = 变动；账本不变量")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
