using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Merchants.Batches;

namespace UnionOne.Modules.Merchants.Apply;

internal static class Endpoints
{
    /// <summary>Public: merchants apply without signing in.</summary>
    public static void Map(RouteGroupBuilder merchants)
    {
        merchants.MapGet("/recruitment", async (BatchAdmin batches, CancellationToken ct) => TypedResults.Ok(await batches.OpenAsync(ct)))
            .WithSummary("正在报名的招募批次（公开）");
        merchants.MapPost("/applications", async Task<Created<ApplicationReceipt>> (ApplyRequest request, ApplicationService service, CancellationToken ct) =>
            {
                var receipt = await service.ApplyAsync(request, ct);
                return TypedResults.Created($"/api/v1/merchants/{receipt.Id}", receipt);
            })
            .RequireRateLimiting(MerchantsModule.ApplyRateLimit)
            .WithSummary("商户提交入驻申请（公开，无需登录）").ProducesValidationProblem();
    }
}
