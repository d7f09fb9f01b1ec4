using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Activities.SignUp;

/// <summary>/api/v1/activities (member): events for me, one activity, sign up, my sign-ups, cancel.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/activities").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Activities");
        group.MapGet("/for-me", ForMe).WithSummary("我可报名的活动（按开始时间，分页，每页20个）");
        group.MapGet("/for-me/{id:long}", One).WithSummary("活动详情与报名资格（会员）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/sign-up", SignUp).WithSummary("报名（名额已满时进入候补）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/mine", Mine).WithSummary("我的报名");
        group.MapPost("/sign-ups/{signupId:long}/cancel", Cancel).WithSummary("取消报名（报名截止前；空出的名额按顺序递补）")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<EventsForMe>> ForMe(int? page, ActivitySignups signups, CancellationToken ct) =>
        TypedResults.Ok(await signups.ForMeAsync(page ?? 1, ct));

    private static async Task<Ok<MemberActivity>> One(long id, ActivitySignups signups, CancellationToken ct) =>
        TypedResults.Ok(await signups.ForMemberAsync(id, ct));

    private static async Task<Created<SignupView>> SignUp(long id, SignUpInput? input, ActivitySignups signups, CancellationToken ct)
    {
        var view = await signups.SignUpAsync(id, input ?? new SignUpInput(), ct);
        return TypedResults.Created($"/api/v1/activities/sign-ups/{view.Id}", view);
    }

    private static async Task<Ok<IReadOnlyList<SignupView>>> Mine(ActivitySignups signups, CancellationToken ct) => TypedResults.Ok(await signups.MineAsync(ct));

    private static async Task<Ok<SignupView>> Cancel(long signupId, ActivitySignups signups, CancellationToken ct) =>
        TypedResults.Ok(await signups.CancelMineAsync(signupId, ct));
}
