using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Wallet.Settlement.Statements;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/wallet/merchants/{merchantId:long}/statement", StaffAsync)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Wallet settlement")
            .WithSummary("商户日结对账单（day=yyyy-MM-dd，北京时间；默认今天）：当日消费、退款与净额（分）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<DailyStatement>> StaffAsync(long merchantId, string? day, MerchantAccess access, DailyStatements statements, CancellationToken ct)
    {
        var (merchant, _, _) = await access.RequireAsync(merchantId, Permission.Read, ct);
        return TypedResults.Ok(await statements.GetAsync(merchant.Id, merchant.Name, statements.ParseDay(day), ct));
    }
}
