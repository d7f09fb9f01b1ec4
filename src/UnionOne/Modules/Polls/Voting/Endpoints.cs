using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Polls.Voting;

/// <summary>/api/v1/polls/me (member): my polls, one poll with my ballot and (when shown) results, vote.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/polls/me").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Polls");
        group.MapGet("/", Mine).WithSummary("我可以参加的投票（进行中、我投过的、近30天截止的）");
        group.MapGet("/{pollId:long}", Get).WithSummary("一个投票：我的选择，结果公布时含票数").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{pollId:long}/ballot", Vote).WithSummary("投票（choices：选项序号，1起；每人一次）").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<MemberPollView>>> Mine(VoteService votes, CancellationToken ct) => TypedResults.Ok(await votes.MineAsync(ct));

    private static async Task<Ok<MemberPollView>> Get(long pollId, VoteService votes, CancellationToken ct) => TypedResults.Ok(await votes.GetAsync(pollId, ct));

    private static async Task<Created<MemberPollView>> Vote(long pollId, VoteRequest request, VoteService votes, CancellationToken ct) =>
        TypedResults.Created($"/api/v1/polls/me/{pollId}", await votes.VoteAsync(pollId, request, ct));
}
