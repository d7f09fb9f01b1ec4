using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Bookings.Resources;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Bookings.Book;

internal sealed class BookRequestValidator : AbstractValidator<BookRequest>
{
    public BookRequestValidator(IStringLocalizer<BookingsText> l) =>
        RuleFor(r => r.SlotId).NotNull().WithMessage(_ => l["请选择时段"]).GreaterThan(0).WithMessage(_ => l["请选择时段"]);
}

/// <summary>/api/v1/bookings (member): a place's resources and free slots by day, book, cancel, my bookings.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/bookings").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Bookings");
        group.MapGet("/places/{placeId:long}/resources", ListResources).WithSummary("场所的可预约资源").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/resources/{resourceId:long}/slots", Slots).WithSummary("某资源某天（day=yyyy-MM-dd，默认今天）的时段与余量")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Book).Validate<BookRequest>().WithSummary("预约一个时段")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/mine", Mine).WithSummary("我的预约（未结束的与历史）");
        group.MapPost("/{id:long}/cancel", Cancel).WithSummary("取消预约（须在取消截止时间前）")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<IReadOnlyList<ResourceView>>> ListResources(long placeId, ResourceService resources, CancellationToken ct) =>
        TypedResults.Ok(await resources.ListForPlaceAsync(placeId, ct));

    private static async Task<Ok<DaySlots>> Slots(long resourceId, string? day, BookingService bookings, CancellationToken ct) =>
        TypedResults.Ok(await bookings.SlotsAsync(resourceId, day, ct));

    private static async Task<Created<BookingView>> Book(BookRequest request, BookingService bookings, CancellationToken ct)
    {
        var booking = await bookings.BookAsync(request.SlotId!.Value, ct);
        return TypedResults.Created($"/api/v1/bookings/{booking.Id}", booking);
    }

    private static async Task<Ok<MyBookings>> Mine(BookingService bookings, CancellationToken ct) => TypedResults.Ok(await bookings.MineAsync(ct));

    private static async Task<Ok<BookingView>> Cancel(long id, BookingService bookings, CancellationToken ct) => TypedResults.Ok(await bookings.CancelAsync(id, ct));
}
