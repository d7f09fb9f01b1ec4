using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Bookings.Domain;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Bookings.Book;

/// <summary>
/// A member books, lists and cancels. The booking itself is one round trip: a batch that (1) makes sure the member's
/// state row exists, (2) locks it (one member's parallel requests queue here, so caps hold), (3) in a fresh snapshot
/// counts the member's bookings and claims a free seat row with FOR UPDATE SKIP LOCKED, inserting the booking when the
/// rules allow. Members racing for one slot never wait on each other's rows, and two can never hold the same seat
/// (the claim, and the partial unique index behind it).
/// </summary>
internal sealed class BookingService(
    NpgsqlDataSource dataSource,
    BookingMembers members,
    BookingPlaces places,
    IOrganisationDirectory unions,
    TimeProvider clock,
    IOptions<BookingOptions> options,
    IStringLocalizer<BookingsText> l)
{
    private const string ClaimSql = """
        with ms as (select blocked_until from bookings.member_states where member_id = $1),
        counts as (
            select (select count(*) from bookings.bookings where member_id = $1 and status = 1 and ends_at > $3) as active,
                   (select count(*) from bookings.bookings where member_id = $1 and place_id = $4 and day = $5 and status <> 2) as same_day,
                   (select count(*) from bookings.bookings where member_id = $1 and slot_id = $2 and status <> 2) as same_slot),
        allowed as (
            select 1 from counts c
            where c.active < $6 and c.same_day < $7 and c.same_slot = 0
              and not exists (select 1 from ms where ms.blocked_until > $3)),
        seat as (
            select s.slot_id, s.seat_no from bookings.seats s
            where s.slot_id = $2 and s.booking_id is null and exists (select 1 from allowed)
            order by s.seat_no
            limit 1
            for update skip locked),
        booked as (
            insert into bookings.bookings (slot_id, seat_no, resource_id, place_id, member_id, member_no, day, starts_at, ends_at, created_at)
            select seat.slot_id, seat.seat_no, $8, $4, $1, $9, $5, $10, $11, $3 from seat
            returning id, slot_id, seat_no),
        taken as (
            update bookings.seats s set booking_id = b.id from booked b
            where s.slot_id = b.slot_id and s.seat_no = b.seat_no
            returning s.seat_no)
        select (select id from booked), (select seat_no from taken), c.active, c.same_day, c.same_slot, (select blocked_until from ms)
        from counts c
        """;

    private const string BookingColumns = """
        b.id, b.slot_id as SlotId, b.resource_id as ResourceId, r.name as ResourceName, b.place_id as PlaceId, b.day, b.starts_at as StartsAt,
        b.ends_at as EndsAt, b.seat_no as SeatNo, b.status, r.cancel_minutes as CancelMinutes
        """;

    public async Task<BookingView> BookAsync(long slotId, CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var slot = await FindSlotAsync(slotId, ct) ?? throw new NotFoundException(l["未找到该时段"]);
        var place = await places.FindAsync(slot.PlaceId, ct) ?? throw new NotFoundException(l["未找到该时段"]);
        await RequireAdmittedAsync(member, place, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (slot.Retired || slot.Archived) throw new BusinessRuleException(l["该时段已停止预约"], "slot-withdrawn");
        if (slot.StartsAt <= now) throw new BusinessRuleException(l["该时段已开始或已结束，不能预约"], "slot-past");
        var lastDay = ChinaTime.Today(now).AddDays(slot.DaysAhead);
        if (slot.Day > lastDay) throw new BusinessRuleException(l["该资源只能提前{0}天预约，最晚可约{1}", slot.DaysAhead, lastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "beyond-window");

        var o = options.Value;
        var outcome = await ClaimAsync(member, slot, now, o, ct);
        if (outcome.BookingId is { } id)
        {
            return new BookingView(id, slot.Id, slot.ResourceId, slot.ResourceName, slot.PlaceId, place.Name, slot.Day, slot.StartsAt, slot.EndsAt,
                TimeRange(slot.StartsAt, slot.EndsAt), outcome.SeatNo, BookingStatus.Booked.Code(), l[BookingStatus.Booked.Label()],
                slot.StartsAt.AddMinutes(-slot.CancelMinutes), now < slot.StartsAt.AddMinutes(-slot.CancelMinutes));
        }
        if (outcome.BlockedUntil is { } until && until > now)
            throw new BusinessRuleException(l["您在{0}天内爽约已达{1}次，预约功能暂停至{2}", o.NoShowWindowDays, o.NoShowLimit, LongDate(until)], "blocked");
        if (outcome.SameSlot > 0) throw new BusinessRuleException(l["您已预约了该时段"], "already-booked");
        if (outcome.Active >= o.MaxActiveBookings)
            throw new BusinessRuleException(l["您已有{0}个未结束的预约，达到上限，请使用或取消后再预约", outcome.Active], "too-many");
        if (outcome.SameDay >= o.MaxPerDayPerPlace)
            throw new BusinessRuleException(l["同一场所每人每天限预约{0}次，您{1}已在该场所预约过", o.MaxPerDayPerPlace, LongDate(slot.StartsAt)], "day-cap");
        throw slot.Seats == 1
            ? new BusinessRuleException(l["该时段已被其他会员预约，请选择其他时段"], "slot-taken")
            : new BusinessRuleException(l["该时段名额已满，请选择其他时段"], "slot-full");
    }

    private async Task<ClaimOutcome> ClaimAsync(MemberRef member, SlotRow slot, DateTime now, BookingOptions o, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        // One Sync for the batch: the three statements run in one implicit transaction, each with its own snapshot.
        batch.BatchCommands.Add(Command("insert into bookings.member_states (member_id) values ($1) on conflict (member_id) do nothing", member.Id));
        batch.BatchCommands.Add(Command("select blocked_until from bookings.member_states where member_id = $1 for update", member.Id));
        var claim = new NpgsqlBatchCommand(ClaimSql);
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = member.Id });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = slot.Id });
        claim.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = slot.PlaceId });
        claim.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = slot.Day });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = o.MaxActiveBookings });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = o.MaxPerDayPerPlace });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = slot.ResourceId });
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = member.MemberNo });
        claim.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = slot.StartsAt });
        claim.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = slot.EndsAt });
        batch.BatchCommands.Add(claim);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (reader.FieldCount != 6 && await reader.NextResultAsync(ct))
            {
                // skip the lock's result set
            }
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The claim returned no row.");
            var outcome = new ClaimOutcome(
                reader.IsDBNull(0) ? null : reader.GetInt64(0),
                reader.IsDBNull(1) ? 0 : reader.GetInt32(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTime>(5));
            return outcome;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Only reachable if seats and bookings disagreed: the database still refuses the double hold.
            throw new BusinessRuleException(l["该时段已被其他会员预约，请选择其他时段"], "slot-taken");
        }
    }

    public async Task<BookingView> CancelAsync(long bookingId, CancellationToken ct)
    {
        var memberId = members.RequireId();
        var now = clock.GetUtcNow().UtcDateTime;
        BookingRow row;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            row = await conn.QuerySingleOrDefaultAsync<BookingRow>(new CommandDefinition($"""
                select {BookingColumns} from bookings.bookings b join bookings.resources r on r.id = b.resource_id
                where b.id = @bookingId and b.member_id = @memberId for update of b
                """, new { bookingId, memberId }, tx, cancellationToken: ct)) ?? throw new NotFoundException(l["未找到该预约"]);
            switch ((BookingStatus)row.Status)
            {
                case BookingStatus.Cancelled: throw new BusinessRuleException(l["该预约已取消"], "already-cancelled");
                case BookingStatus.Attended or BookingStatus.NoShow: throw new BusinessRuleException(l["该预约已结束，不能取消"], "finished");
            }
            if (row.StartsAt <= now) throw new BusinessRuleException(l["该预约已开始，不能取消"], "started");
            var deadline = row.StartsAt.AddMinutes(-row.CancelMinutes);
            if (now >= deadline)
                throw new BusinessRuleException(l["已过取消截止时间（{0}，开始前{1}分钟），不能取消", ChinaTime.DateTimeText(deadline), row.CancelMinutes], "cancel-deadline");
            await conn.ExecuteAsync(new CommandDefinition("""
                update bookings.bookings set status = 2, cancelled_at = @now where id = @bookingId;
                update bookings.seats set booking_id = null where slot_id = @slotId and seat_no = @seatNo and booking_id = @bookingId;
                """, new { bookingId, now, slotId = row.SlotId, seatNo = row.SeatNo }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        return await ViewAsync(row with { Status = (short)BookingStatus.Cancelled }, now, ct);
    }

    public async Task<MyBookings> MineAsync(CancellationToken ct)
    {
        var memberId = members.RequireId();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var upcoming = await conn.QueryAsync<BookingRow>(new CommandDefinition($"""
            select {BookingColumns} from bookings.bookings b join bookings.resources r on r.id = b.resource_id
            where b.member_id = @memberId and b.status = 1 and b.ends_at > @now order by b.starts_at, b.id
            """, new { memberId, now }, cancellationToken: ct));
        var history = await conn.QueryAsync<BookingRow>(new CommandDefinition($"""
            select {BookingColumns} from bookings.bookings b join bookings.resources r on r.id = b.resource_id
            where b.member_id = @memberId and not (b.status = 1 and b.ends_at > @now) order by b.starts_at desc, b.id desc limit 30
            """, new { memberId, now }, cancellationToken: ct));
        var up = new List<BookingView>();
        foreach (var r in upcoming) up.Add(await ViewAsync(r, now, ct));
        var past = new List<BookingView>();
        foreach (var r in history) past.Add(await ViewAsync(r, now, ct));
        return new MyBookings(up, past);
    }

    /// <summary>The slots of a resource on a local day (today when not given) with free seats and whether the member may book them.</summary>
    public async Task<DaySlots> SlotsAsync(long resourceId, string? dayText, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(now);
        DateOnly day;
        if (string.IsNullOrWhiteSpace(dayText)) day = today;
        else day = ChinaTime.ParseDay(dayText) ?? throw new InputValidationException("day", l["日期格式应为 yyyy-MM-dd"]);
        var memberId = members.RequireId();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var resource = await conn.QuerySingleOrDefaultAsync<(string Name, long PlaceId, short DaysAhead)>(new CommandDefinition(
            "select name, place_id, days_ahead from bookings.resources where id = @resourceId and archived_at is null", new { resourceId }, cancellationToken: ct));
        if (resource.Name is null) throw new NotFoundException(l["未找到该资源"]);
        var lastDay = today.AddDays(resource.DaysAhead);
        var rows = await conn.QueryAsync<SlotListRow>(new CommandDefinition("""
            select s.id, s.day, s.starts_at as StartsAt, s.ends_at as EndsAt, s.seats,
                   (select count(*) from bookings.seats f where f.slot_id = s.id and f.booking_id is null)::int as Free,
                   exists (select 1 from bookings.bookings b where b.slot_id = s.id and b.member_id = @memberId and b.status <> 2) as Mine
            from bookings.slots s
            where s.resource_id = @resourceId and s.day = @day::date and not s.retired
            order by s.starts_at
            """, new { resourceId, day = day.ToDateTime(TimeOnly.MinValue), memberId }, cancellationToken: ct));
        var slots = rows.Select(s =>
        {
            string? why = s.Mine ? l["您已预约"].Value
                : s.StartsAt <= now ? l["已开始"].Value
                : s.Day > lastDay ? l["未开放预约"].Value
                : s.Free == 0 ? l["已约满"].Value
                : null;
            return new SlotView(s.Id, s.Day, s.StartsAt, s.EndsAt, TimeRange(s.StartsAt, s.EndsAt), s.Seats, s.Free, s.Mine, why is null, why);
        }).ToList();
        return new DaySlots(resourceId, resource.Name, resource.PlaceId, day, today, lastDay, slots);
    }

    private async Task RequireAdmittedAsync(MemberRef member, PlaceRef place, CancellationToken ct)
    {
        if (!place.AcceptsVisitors) throw new BusinessRuleException(l["该场所已停止开放，暂不能预约"], "place-closed");
        if (place.Admits != PlaceAdmission.SubtreeMembers) return;
        var placeUnion = await unions.FindAsync(place.UnionId, ct);
        var memberUnion = await unions.FindAsync(member.UnionId, ct);
        if (placeUnion is null || memberUnion is null || !memberUnion.IsWithin(placeUnion.Path))
            throw new BusinessRuleException(l["该场所仅向本工会（含下级工会）会员开放"], "not-admitted");
    }

    private async Task<SlotRow?> FindSlotAsync(long slotId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SlotRow>(new CommandDefinition("""
            select s.id, s.resource_id as ResourceId, r.name as ResourceName, s.place_id as PlaceId, s.day, s.starts_at as StartsAt, s.ends_at as EndsAt,
                   s.seats, s.retired, r.archived_at is not null as Archived, r.days_ahead as DaysAhead, r.cancel_minutes as CancelMinutes
            from bookings.slots s join bookings.resources r on r.id = s.resource_id
            where s.id = @slotId
            """, new { slotId }, cancellationToken: ct));
    }

    private async Task<BookingView> ViewAsync(BookingRow r, DateTime now, CancellationToken ct)
    {
        var placeName = (await places.FindAsync(r.PlaceId, ct))?.Name ?? "";
        var status = (BookingStatus)r.Status;
        var deadline = r.StartsAt.AddMinutes(-r.CancelMinutes);
        return new BookingView(r.Id, r.SlotId, r.ResourceId, r.ResourceName, r.PlaceId, placeName, r.Day, r.StartsAt, r.EndsAt, TimeRange(r.StartsAt, r.EndsAt),
            r.SeatNo, status.Code(), l[status.Label()], deadline, status == BookingStatus.Booked && now < deadline);
    }

    internal static string TimeRange(DateTime startsAt, DateTime endsAt) => $"{ChinaTime.Time(startsAt)}-{ChinaTime.Time(endsAt)}";

    private static string LongDate(DateTime utc)
    {
        var local = ChinaTime.ToLocal(utc);
        return CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal)
            ? local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : $"{local.Year}年{local.Month}月{local.Day}日";
    }

    private static NpgsqlBatchCommand Command(string sql, long memberId)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = memberId });
        return command;
    }

    private sealed record ClaimOutcome(long? BookingId, int SeatNo, long Active, long SameDay, long SameSlot, DateTime? BlockedUntil);

    private sealed record SlotRow(long Id, long ResourceId, string ResourceName, long PlaceId, DateOnly Day, DateTime StartsAt, DateTime EndsAt, int Seats,
        bool Retired, bool Archived, short DaysAhead, int CancelMinutes);

    private sealed record SlotListRow(long Id, DateOnly Day, DateTime StartsAt, DateTime EndsAt, int Seats, int Free, bool Mine);

    internal sealed record BookingRow(long Id, long SlotId, long ResourceId, string ResourceName, long PlaceId, DateOnly Day, DateTime StartsAt, DateTime EndsAt,
        int SeatNo, short Status, int CancelMinutes);
}
