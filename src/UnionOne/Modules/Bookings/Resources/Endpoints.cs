using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Bookings.Calendar;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Bookings.Resources;

/// <summary>/api/v1/booking-resources (staff): resources CRUD and the bookings calendar; /api/v1/bookings/{id}/no-show.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/booking-resources").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Bookings (staff)");
        group.MapGet("/", List).WithSummary("场所的可预约资源（placeId 必填）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Create).Validate<ResourceInput>().WithSummary("新建可预约资源（房间、球场或有名额的活动）")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:long}", Get).WithSummary("一个可预约资源").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:long}", Update).WithSummary("修改可预约资源（时段变化时，未被预约的未来时段重新生成）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:long}", Archive).WithSummary("停用可预约资源（尚有未开始的预约时不可停用）")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:long}/calendar", Calendar).WithSummary("资源某天的预约日历（只显示会员号）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/bookings/{id:long}/no-show", MarkNoShow).RequireAuthorization(UnionPolicies.StaffApi).WithTags("Bookings (staff)")
            .WithSummary("手工标记爽约").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<ResourceView>>> List(long? placeId, ResourceService resources, IStringLocalizer<BookingsText> l, CancellationToken ct)
    {
        if (placeId is not { } id) throw new InputValidationException("placeId", l["请选择场所"]);
        return TypedResults.Ok(await resources.ListForStaffAsync(id, ct));
    }

    private static async Task<Created<ResourceView>> Create(ResourceInput input, ResourceService resources, CancellationToken ct)
    {
        var created = await resources.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/booking-resources/{created.Id}", created);
    }

    private static async Task<Ok<ResourceView>> Get(long id, ResourceService resources, CancellationToken ct) => TypedResults.Ok(await resources.GetForStaffAsync(id, ct));

    private static async Task<Ok<ResourceView>> Update(long id, ResourceInput input, ResourceService resources, CancellationToken ct) =>
        TypedResults.Ok(await resources.UpdateAsync(id, input, ct));

    private static async Task<NoContent> Archive(long id, ResourceService resources, CancellationToken ct)
    {
        await resources.ArchiveAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ResourceCalendar>> Calendar(long id, string? day, CalendarService calendar, CancellationToken ct) =>
        TypedResults.Ok(await calendar.ForResourceAsync(id, day, ct));

    private static async Task<Ok<StaffBookingView>> MarkNoShow(long id, CalendarService calendar, CancellationToken ct) =>
        TypedResults.Ok(await calendar.MarkNoShowAsync(id, ct));
}
