using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Activities.Domain;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Activities.Publishing;

/// <summary>/api/v1/activities (staff): create (draft or published), list, view, publish, cancel.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/activities").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Activities");
        group.MapPost("/", Create).WithSummary("发布活动（publish=false 时存为草稿）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", List).WithSummary("本辖区工会发布的活动（unionId 限定某工会的下级范围）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}", Get).WithSummary("活动详情（工会干部）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/publish", Publish).WithSummary("发布草稿")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/cancel", Cancel).WithSummary("取消活动（全部报名随之取消并退费，短信通知）")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Created<ActivityView>> Create(ActivityInput input, ActivityAdmin admin, CancellationToken ct)
    {
        var view = await admin.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/activities/{view.Id}", view);
    }

    private static async Task<Ok<IReadOnlyList<ActivityView>>> List(long? unionId, int? page, ActivityAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(unionId, page ?? 1, ct));

    private static async Task<Ok<ActivityView>> Get(long id, ActivityAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.GetAsync(id, ct));

    private static async Task<Ok<ActivityView>> Publish(long id, ActivityAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.PublishAsync(id, ct));

    private static async Task<Ok<ActivityView>> Cancel(long id, ActivityAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.CancelAsync(id, ct));
}
