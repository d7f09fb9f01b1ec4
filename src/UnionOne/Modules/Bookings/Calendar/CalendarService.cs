using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Bookings.Book;
using UnionOne.Modules.Bookings.Domain;
using UnionOne.Modules.Bookings.NoShows;
using UnionOne.Modules.Bookings.Resources;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Bookings.Calendar;

/// <summary>Who holds a seat, shown to staff by member number only.</summary>
internal sealed record CalendarBooking(long Id, string MemberNo, int SeatNo, string Status, string StatusLabel, bool CanMarkNoShow);

internal sealed record CalendarSlot(long Id, string Time, DateTime StartsAt, DateTime EndsAt, int Seats, int Taken, IReadOnlyList<CalendarBooking> Bookings);

internal sealed record ResourceCalendar(long ResourceId, string ResourceName, int Seats, DateOnly Day, IReadOnlyList<CalendarSlot> Slots);

internal sealed record StaffBookingView(long Id, long MemberId, string MemberNo, long ResourceId, long PlaceId, DateTime StartsAt, DateTime EndsAt, string Status, string StatusLabel);

/// <summary>The staff side: bookings calendar per resource and day, and marking a no-show by hand.</summary>
internal sealed class CalendarService(
    NpgsqlDataSource dataSource,
    BookingPlaces places,
    NoShowService noShows,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<BookingsText> l)
{
    public async Task<ResourceCalendar> ForResourceAsync(long resourceId, string? dayText, CancellationToken ct)
    {
        var day = ParseDay(dayText);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var resource = await conn.QuerySingleOrDefaultAsync<(long Id, long PlaceId, string Name, int Seats)>(new CommandDefinition(
            "select id, place_id, name, seats from bookings.resources where id = @resourceId and archived_at is null", new { resourceId }, cancellationToken: ct));
        if (resource.Id == 0) throw new NotFoundException(l["未找到该资源"]);
        var place = await places.RequireStaffAsync(resource.PlaceId, Permission.Read, ct);
        var canMark = await places.StaffCanAsync(place, BookingPlaces.Manage, ct);
        return (await LoadAsync(conn, [resource], day, canMark, ct))[0];
    }

    /// <summary>Every active resource of the place on the day (the console's resources × slots grid).</summary>
    public async Task<IReadOnlyList<ResourceCalendar>> ForPlaceAsync(long placeId, string? dayText, CancellationToken ct)
    {
        var day = ParseDay(dayText);
        var place = await places.RequireStaffAsync(placeId, Permission.Read, ct);
        var canMark = await places.StaffCanAsync(place, BookingPlaces.Manage, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var resources = (await conn.QueryAsync<(long Id, long PlaceId, string Name, int Seats)>(new CommandDefinition(
            "select id, place_id, name, seats from bookings.resources where place_id = @placeId and archived_at is null order by name, id",
            new { placeId }, cancellationToken: ct))).AsList();
        return resources.Count == 0 ? [] : await LoadAsync(conn, resources, day, canMark, ct);
    }

    public async Task<StaffBookingView> MarkNoShowAsync(long bookingId, CancellationToken ct)
    {
        var row = await FindAsync(bookingId, ct);
        var place = await places.RequireStaffAsync(row.PlaceId, BookingPlaces.Manage, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        switch ((BookingStatus)row.Status)
        {
            case BookingStatus.Cancelled: throw new BusinessRuleException(l["该预约已取消，不能标记爽约"]);
            case BookingStatus.NoShow: throw new BusinessRuleException(l["该预约已标记为爽约"]);
        }
        if (row.StartsAt > now) throw new BusinessRuleException(l["该时段尚未开始，不能标记爽约"]);
        var (recorded, blockUntil) = await noShows.RecordAsync(bookingId, row.MemberId, user.StaffId, now, ct);
        if (!recorded) throw new BusinessRuleException(l["该预约状态已变化，请刷新后重试"]);
        await audit.WriteAsync(new AuditEntry(BookingAuditActions.NoShowMarked, "booking", bookingId.ToString(CultureInfo.InvariantCulture), place.UnionId,
            new { row.MemberId, blockUntil }), ct: ct);
        var after = await FindAsync(bookingId, ct);
        return after.ToView(l);
    }

    private async Task<Row> FindAsync(long bookingId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            select id, member_id as MemberId, member_no as MemberNo, resource_id as ResourceId, place_id as PlaceId, starts_at as StartsAt, ends_at as EndsAt, status
            from bookings.bookings where id = @bookingId
            """, new { bookingId }, cancellationToken: ct));
        return row ?? throw new NotFoundException(l["未找到该预约"]);
    }

    private async Task<IReadOnlyList<ResourceCalendar>> LoadAsync(NpgsqlConnection conn, IReadOnlyList<(long Id, long PlaceId, string Name, int Seats)> resources,
        DateOnly day, bool canMark, CancellationToken ct)
    {
        var ids = resources.Select(r => r.Id).ToArray();
        var slots = (await conn.QueryAsync<SlotRow>(new CommandDefinition("""
            select id, resource_id as ResourceId, starts_at as StartsAt, ends_at as EndsAt, seats from bookings.slots
            where resource_id = any(@ids) and day = @day::date and not retired order by starts_at
            """, new { ids, day = day.ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct))).AsList();
        var slotIds = slots.Select(s => s.Id).ToArray();
        var bookings = (await conn.QueryAsync<CalendarRow>(new CommandDefinition("""
            select id, slot_id as SlotId, member_no as MemberNo, seat_no as SeatNo, status from bookings.bookings
            where slot_id = any(@slotIds) and status <> 2 order by slot_id, seat_no
            """, new { slotIds }, cancellationToken: ct))).ToLookup(b => b.SlotId);
        var now = clock.GetUtcNow().UtcDateTime;
        return resources.Select(r => new ResourceCalendar(r.Id, r.Name, r.Seats, day, slots.Where(s => s.ResourceId == r.Id).Select(s =>
        {
            var held = bookings[s.Id].Select(b =>
            {
                var status = (BookingStatus)b.Status;
                return new CalendarBooking(b.Id, b.MemberNo, b.SeatNo, status.Code(), l[status.Label()],
                    canMark && s.StartsAt <= now && status is BookingStatus.Booked or BookingStatus.Attended);
            }).ToList();
            return new CalendarSlot(s.Id, BookingService.TimeRange(s.StartsAt, s.EndsAt), s.StartsAt, s.EndsAt, s.Seats, held.Count, held);
        }).ToList())).ToList();
    }

    private DateOnly ParseDay(string? dayText) =>
        string.IsNullOrWhiteSpace(dayText) ? ChinaTime.Today(clock.GetUtcNow().UtcDateTime)
        : ChinaTime.ParseDay(dayText) ?? throw new InputValidationException("day", l["日期格式应为 yyyy-MM-dd"]);

    private sealed record SlotRow(long Id, long ResourceId, DateTime StartsAt, DateTime EndsAt, int Seats);

    private sealed record CalendarRow(long Id, long SlotId, string MemberNo, int SeatNo, short Status);

    private sealed record Row(long Id, long MemberId, string MemberNo, long ResourceId, long PlaceId, DateTime StartsAt, DateTime EndsAt, short Status)
    {
        public StaffBookingView ToView(IStringLocalizer l)
        {
            var status = (BookingStatus)Status;
            return new StaffBookingView(Id, MemberId, MemberNo, ResourceId, PlaceId, StartsAt, EndsAt, status.Code(), l[status.Label()]);
        }
    }
}
