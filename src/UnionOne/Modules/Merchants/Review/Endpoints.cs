using Microsoft.AspNetCore.Http.HttpResults;

namespace UnionOne.Modules.Merchants.Review;

internal static class Endpoints
{
    public static void Map(RouteGroupBuilder staff)
    {
        staff.MapPost("/{id:long}/check", async Task<NoContent> (long id, CheckRequest request, MerchantReview review, CancellationToken ct) =>
            {
                await review.CheckAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("记录资料背调结果（不通过即驳回）").ProducesValidationProblem();
        staff.MapPost("/{id:long}/discount", async Task<NoContent> (long id, DiscountRequest request, MerchantReview review, CancellationToken ct) =>
            {
                await review.NegotiateAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("议定折扣（会员付原价的万分比，须在该类别允许范围内）").ProducesValidationProblem();
        staff.MapPost("/{id:long}/objections", async Task<NoContent> (long id, ObjectionRequest request, MerchantReview review, CancellationToken ct) =>
            {
                await review.ObjectAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("登记公示期内收到的异议").ProducesValidationProblem();
        staff.MapPost("/{id:long}/activate", async Task<NoContent> (long id, MerchantReview review, CancellationToken ct) =>
            {
                await review.ActivateAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("公示期满后上线");
        staff.MapPost("/{id:long}/reject", async Task<NoContent> (long id, ReasonRequest request, MerchantReview review, CancellationToken ct) =>
            {
                await review.RejectAsync(id, request, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("驳回申请（须填写原因）").ProducesValidationProblem();
    }
}
