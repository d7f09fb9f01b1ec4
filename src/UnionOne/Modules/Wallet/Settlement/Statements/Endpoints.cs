using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

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

        api.MapGet("/till/statement", TillAsync)
            .RequireAuthorization(TillAuth.ApiPolicy)
            .WithTags("Wallet settlement")
            .WithSummary("收银设备查看本店日结对账单（day=yyyy-MM-dd，北京时间；默认今天）")
            .ProducesValidationProblem();
    }

    private static async Task<Ok<DailyStatement>> TillAsync(string? day, HttpContext http, IMerchantDirectory merchants, DailyStatements statements,
        IStringLocalizer<WalletText> l, CancellationToken ct)
    {
        var merchantId = http.User.MerchantId() ?? throw new NotFoundException(l["未找到该商户"]);
        var parsed = statements.ParseDay(day);
        var merchant = await merchants.FindAsync(merchantId, ct);
        return TypedResults.Ok(await statements.GetAsync(merchantId, merchant?.Name ?? l["商户#{0}", merchantId], parsed, ct));
    }

    private static async Task<Ok<DailyStatement>> StaffAsync(long merchantId, string? day, MerchantAccess access, DailyStatements statements, CancellationToken ct)
    {
        var (merchant, _, _) = await access.RequireAsync(merchantId, Permission.Read, ct);
        return TypedResults.Ok(await statements.GetAsync(merchant.Id, merchant.Name, statements.ParseDay(day), ct));
    }
}
