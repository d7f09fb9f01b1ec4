using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Activities.Roster;

/// <summary>/api/v1/activities/{id} (staff): sign-ups, export, turnout, check-in by code, attendance by hand, messages.</summary>
internal static class Endpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/activities/{id:long}").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Activities");
        group.MapGet("/signups", List).WithSummary("报名名单").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/signups/export", Export).WithSummary("导出报名名单为 .xlsx（记入审计日志）")
            .Produces(StatusCodes.Status200OK, contentType: Xlsx).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/turnout", Turnout).WithSummary("参与统计（报名/候补/取消/签到，按工会）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/check-ins", CheckIn).WithSummary("扫会员码签到（同一活动每个码只能用一次）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/signups/{signupId:long}/attendance", Attend).WithSummary("人工登记签到")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/messages", Message).WithSummary("向报名会员发送短信").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/console/activities/{id:long}/export", Export).RequireAuthorization(UnionPolicies.StaffPages).ExcludeFromDescription();
    }

    private static async Task<Ok<IReadOnlyList<RosterEntry>>> List(long id, ActivityRoster roster, CancellationToken ct) => TypedResults.Ok(await roster.ListAsync(id, ct));

    private static async Task<IResult> Export(long id, RosterExport export, HttpContext http, CancellationToken ct)
    {
        var file = await export.ExportAsync(id, ct);
        http.Response.Headers["X-Row-Count"] = file.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(file.Content, Xlsx, file.FileName);
    }

    private static async Task<Ok<Turnout>> Turnout(long id, ActivityRoster roster, CancellationToken ct) => TypedResults.Ok(await roster.TurnoutAsync(id, ct));

    private static async Task<Ok<CheckInResult>> CheckIn(long id, CheckInRequest request, ActivityRoster roster, CancellationToken ct) =>
        TypedResults.Ok(await roster.CheckInByCodeAsync(id, request.Code, ct));

    private static async Task<Ok<CheckInResult>> Attend(long id, long signupId, ActivityRoster roster, CancellationToken ct) =>
        TypedResults.Ok(await roster.RecordAttendanceAsync(id, signupId, ct));

    private static async Task<Ok<MessageResult>> Message(long id, MessageRequest request, ActivityRoster roster, CancellationToken ct) =>
        TypedResults.Ok(await roster.MessageAsync(id, request, ct));
}
