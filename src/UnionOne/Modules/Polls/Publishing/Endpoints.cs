using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Polls.Publishing;

/// <summary>/api/v1/polls (staff): publish, list a subtree's polls, one poll, results with turnout per union.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/polls").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Polls (staff)");
        group.MapPost("/", Publish).WithSummary("发布投票（面向本工会及下级工会会员）").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithSummary("本工会及下级工会发布的投票（unionId 必填）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}", Get).WithSummary("一个投票").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/results", Results).WithSummary("投票结果与各工会参与率（unionId 可选：该工会及下级）").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<PollView>> Publish(PollRequest request, PollService polls, CancellationToken ct)
    {
        var poll = await polls.PublishAsync(request, ct);
        return TypedResults.Created($"/api/v1/polls/{poll.Id}", poll);
    }

    private static async Task<Ok<IReadOnlyList<PollView>>> List(long? unionId, PollService polls, IStringLocalizer<PollsText> l, CancellationToken ct) =>
        TypedResults.Ok(await polls.ListAsync(unionId ?? throw new InputValidationException("unionId", l["请选择工会"]), ct));

    private static async Task<Ok<PollView>> Get(long id, PollService polls, CancellationToken ct) => TypedResults.Ok(await polls.GetAsync(id, ct));

    private static async Task<Ok<PollResults>> Results(long id, long? unionId, PollService polls, CancellationToken ct) =>
        TypedResults.Ok(await polls.ResultsAsync(id, unionId, ct));
}
