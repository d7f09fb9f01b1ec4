using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Points.Rules;

/// <summary>/api/v1/points/unions/{unionId}/rules (staff): a union's earning rules; PUT sets one kind, DELETE inherits again.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/points/unions/{unionId:long}/rules").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Points");
        group.MapGet("/", List).WithSummary("工会的积分规则（本级设置与实际适用的规则）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{kind:int}", Set).WithSummary("设置一类事件的积分（kind: 1参加活动 2驿站评价 3知识竞赛；0分表示本级不奖励）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{kind:int}", Clear).WithSummary("删除本级规则（改为沿用上级）").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<RuleView>>> List(long unionId, RuleService rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(unionId, ct));

    private static async Task<Ok<IReadOnlyList<RuleView>>> Set(long unionId, int kind, RuleRequest request, RuleService rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.SetAsync(unionId, (PointsEvent)kind, request, ct));

    private static async Task<Ok<IReadOnlyList<RuleView>>> Clear(long unionId, int kind, RuleService rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.ClearAsync(unionId, (PointsEvent)kind, ct));
}
