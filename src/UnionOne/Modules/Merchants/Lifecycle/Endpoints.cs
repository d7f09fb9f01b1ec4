using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Merchants.Review;

namespace UnionOne.Modules.Merchants.Lifecycle;

internal static class Endpoints
{
    public static void Map(RouteGroupBuilder staff)
    {
        staff.MapPost("/{id:long}/suspend", async Task<NoContent> (long id, ReasonRequest request, MerchantLifecycle lifecycle, CancellationToken ct) =>
            {
                await lifecycle.SuspendAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("暂停商户（须填写原因；收银设备立即停止使用）").ProducesValidationProblem();
        staff.MapPost("/{id:long}/resume", async Task<NoContent> (long id, ReasonRequest request, MerchantLifecycle lifecycle, CancellationToken ct) =>
            {
                await lifecycle.ResumeAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("恢复已暂停的商户").ProducesValidationProblem();
        staff.MapPost("/{id:long}/exit", async Task<NoContent> (long id, ReasonRequest request, MerchantLifecycle lifecycle, CancellationToken ct) =>
            {
                await lifecycle.ExitAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("商户退出（须填写原因；收银设备一并停用）").ProducesValidationProblem();
    }
}
