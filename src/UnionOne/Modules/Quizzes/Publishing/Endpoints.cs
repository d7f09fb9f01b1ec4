using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Quizzes.Leaderboards;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Publishing;

/// <summary>/api/v1/quizzes (staff): publish, list a subtree's quizzes, one quiz, its leaderboard with standings per union.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/quizzes").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Quizzes (staff)");
        group.MapPost("/", Publish).WithSummary("发布知识竞赛（面向本工会及下级工会会员）").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithSummary("本工会及下级工会发布的竞赛（unionId 必填）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}", Get).WithSummary("一场竞赛").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/leaderboard", Board).WithSummary("排行榜（unionId 可选：该工会及下级；含各工会参赛情况）").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<QuizView>> Publish(QuizRequest request, PublishService quizzes, CancellationToken ct)
    {
        var quiz = await quizzes.PublishAsync(request, ct);
        return TypedResults.Created($"/api/v1/quizzes/{quiz.Id}", quiz);
    }

    private static async Task<Ok<IReadOnlyList<QuizView>>> List(long? unionId, PublishService quizzes, IStringLocalizer<QuizzesText> l, CancellationToken ct) =>
        TypedResults.Ok(await quizzes.ListAsync(unionId ?? throw new InputValidationException("unionId", l["请选择工会"]), ct));

    private static async Task<Ok<QuizView>> Get(long id, PublishService quizzes, CancellationToken ct) => TypedResults.Ok(await quizzes.GetAsync(id, ct));

    private static async Task<Ok<Leaderboard>> Board(long id, long? unionId, LeaderboardService boards, CancellationToken ct) =>
        TypedResults.Ok(await boards.ForStaffAsync(id, unionId, ct));
}
