using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Wallet.Settlement.Console;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/wallet/settlement/merchants", async (long? unionId, SettlementOverview overview, CancellationToken ct) =>
                TypedResults.Ok(await overview.GetAsync(unionId, ct)))
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Wallet settlement")
            .WithSummary("本工会及下级招募的商户：应收、已结算与收款账户（脱敏）")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
