using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Members.Domain;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Approvals;

internal sealed record RejectInput(string? Reason);

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/join-requests", List)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Join approvals")
            .WithSummary("本级及下级的入会申请（status=pending|approved|rejected）");

        api.MapPost("/join-requests/{id:long}/approve", Approve)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Join approvals")
            .WithSummary("批准入会申请")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/join-requests/{id:long}/reject", Reject)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Join approvals")
            .WithSummary("驳回入会申请（须填写原因）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<JoinRequestView>>> List(string? status, long? unionId, int? limit, ApprovalService service, CancellationToken ct)
    {
        JoinRequestStatus? parsed = (status ?? "pending").Trim().ToLowerInvariant() switch
        {
            "pending" => JoinRequestStatus.Pending,
            "approved" => JoinRequestStatus.Approved,
            "rejected" => JoinRequestStatus.Rejected,
            "withdrawn" => JoinRequestStatus.Withdrawn,
            "all" => null,
            _ => throw new InputValidationException("status", "status 只能是 pending、approved、rejected 或 all"),
        };
        return TypedResults.Ok(await service.ListAsync(parsed, unionId, limit ?? 100, ct));
    }

    private static async Task<Ok<ApprovedMember>> Approve(long id, ApprovalService service, CancellationToken ct) =>
        TypedResults.Ok(await service.ApproveAsync(id, ct));

    private static async Task<NoContent> Reject(long id, RejectInput? input, ApprovalService service, CancellationToken ct)
    {
        await service.RejectAsync(id, input?.Reason, ct);
        return TypedResults.NoContent();
    }
}
