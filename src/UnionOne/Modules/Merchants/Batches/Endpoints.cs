using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Merchants.Review;

namespace UnionOne.Modules.Merchants.Batches;

internal static class Endpoints
{
    public static void Map(RouteGroupBuilder staff)
    {
        staff.MapPost("/batches", async Task<Created<BatchView>> (CreateBatchRequest request, BatchAdmin admin, CancellationToken ct) =>
            {
                var batch = await admin.CreateAsync(request, ct);
                return TypedResults.Created($"/api/v1/merchants/batches/{batch.Id}", batch);
            })
            .WithSummary("发起商户招募批次").ProducesValidationProblem();
        staff.MapGet("/batches", async (long? unionId, BatchAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(unionId, ct)))
            .WithSummary("本级及下级工会的招募批次");
        staff.MapGet("/batches/{id:long}", async (long id, BatchAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.GetAsync(id, ct)))
            .WithSummary("招募批次");
        staff.MapPost("/batches/{id:long}/notice", async Task<Ok<NoticeView>> (long id, MerchantReview review, CancellationToken ct) =>
                TypedResults.Ok(await review.PubliciseAsync(id, ct)))
            .WithSummary("公示本批次已议定折扣的商户（公示天数按批次设定）");
    }
}
