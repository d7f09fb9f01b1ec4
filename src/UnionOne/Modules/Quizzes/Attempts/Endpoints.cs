using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Quizzes.Leaderboards;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Quizzes.Attempts;

/// <summary>/api/v1/quizzes/me (member): my quizzes, start, answer sheet, submit, result, my union's leaderboard.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/quizzes/me").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Quizzes");
        group.MapGet("/", Mine).WithSummary("我可以参加的竞赛（进行中的与我参加过的）");
        group.MapGet("/{quizId:long}", Quiz).WithSummary("一场竞赛与我的答题记录").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{quizId:long}/attempts", Start).WithSummary("开始答题（已有未交卷的答题时继续该次）；返回不含答案的试卷")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{quizId:long}/leaderboard", Board).WithSummary("本工会排行榜（最高分，其次用时最短）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/attempts/{attemptId:long}", Get).WithSummary("我的一次答题：作答中为试卷，交卷后为成绩与解析").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/attempts/{attemptId:long}/submit", Submit).WithSummary("交卷（服务器判分；超过时限作废）").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<MemberQuizView>>> Mine(AttemptService attempts, CancellationToken ct) => TypedResults.Ok(await attempts.MineAsync(ct));

    private static async Task<Ok<MemberQuizView>> Quiz(long quizId, AttemptService attempts, CancellationToken ct) => TypedResults.Ok(await attempts.QuizAsync(quizId, ct));

    private static async Task<Created<AttemptView>> Start(long quizId, AttemptService attempts, CancellationToken ct)
    {
        var attempt = await attempts.StartAsync(quizId, ct);
        return TypedResults.Created($"/api/v1/quizzes/me/attempts/{attempt.Id}", attempt);
    }

    private static async Task<Ok<Leaderboard>> Board(long quizId, LeaderboardService boards, CancellationToken ct) => TypedResults.Ok(await boards.ForMemberAsync(quizId, ct));

    private static async Task<Ok<AttemptView>> Get(long attemptId, AttemptService attempts, CancellationToken ct) => TypedResults.Ok(await attempts.GetAsync(attemptId, ct));

    private static async Task<Ok<AttemptView>> Submit(long attemptId, SubmitRequest request, AttemptService attempts, CancellationToken ct) =>
        TypedResults.Ok(await attempts.SubmitAsync(attemptId, request, ct));
}
