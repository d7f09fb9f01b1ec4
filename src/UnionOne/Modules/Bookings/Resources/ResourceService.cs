using System.Globalization;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Bookings.Domain;
using UnionOne.Modules.Bookings.Slots;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Bookings.Resources;

internal sealed record ResourceView(
    long Id,
    long PlaceId,
    string PlaceName,
    string Name,
    string CapacityNote,
    int Seats,
    int SlotMinutes,
    string OpensAt,
    string ClosesAt,
    int DaysAhead,
    int CancelBeforeMinutes);

/// <summary>Bookable resources of a place, managed by staff of the place's union subtree.</summary>
internal sealed class ResourceService(
    NpgsqlDataSource dataSource,
    BookingPlaces places,
    IValidator<ResourceInput> validator,
    SlotGenerator slots,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<BookingOptions> options,
    IStringLocalizer<BookingsText> l)
{
    private const string Columns = """
        id, place_id as PlaceId, name, capacity_note as CapacityNote, seats, slot_minutes as SlotMinutes, open_minute as OpenMinute,
        close_minute as CloseMinute, days_ahead as DaysAhead, cancel_minutes as CancelMinutes
        """;

    /// <summary>Active resources of a place, for members and staff alike (the place must exist).</summary>
    public async Task<IReadOnlyList<ResourceView>> ListForPlaceAsync(long placeId, CancellationToken ct)
    {
        var place = await places.FindAsync(placeId, ct) ?? throw new NotFoundException(l["未找到该场所"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from bookings.resources where place_id = @placeId and archived_at is null order by name, id", new { placeId }, cancellationToken: ct));
        return rows.Select(r => r.ToView(place.Name)).ToList();
    }

    /// <summary>Staff: the resources of a place in their subtree (404 outside).</summary>
    public async Task<IReadOnlyList<ResourceView>> ListForStaffAsync(long placeId, CancellationToken ct)
    {
        await places.RequireStaffAsync(placeId, Permission.Read, ct);
        return await ListForPlaceAsync(placeId, ct);
    }

    /// <summary>Staff: every active resource of every place they may see (for the console's place choice).</summary>
    public async Task<IReadOnlyList<ResourceView>> ListVisibleAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from bookings.resources where archived_at is null order by place_id, name, id", cancellationToken: ct))).AsList();
        var result = new List<ResourceView>();
        foreach (var group in rows.GroupBy(r => r.PlaceId))
        {
            var place = await places.FindAsync(group.Key, ct);
            if (place is null || !await places.StaffCanAsync(place, Permission.Read, ct)) continue;
            result.AddRange(group.Select(r => r.ToView(place.Name)));
        }
        return result;
    }

    public async Task<ResourceView> GetForStaffAsync(long id, CancellationToken ct)
    {
        var row = await FindRowAsync(id, ct);
        var place = await places.RequireStaffAsync(row.PlaceId, Permission.Read, ct);
        return row.ToView(place.Name);
    }

    /// <summary>The resource for members (404 when archived or missing).</summary>
    public async Task<ResourceView> GetAsync(long id, CancellationToken ct)
    {
        var row = await FindRowAsync(id, ct);
        var place = await places.FindAsync(row.PlaceId, ct) ?? throw new NotFoundException(l["未找到该资源"]);
        return row.ToView(place.Name);
    }

    public async Task<ResourceView> CreateAsync(ResourceInput input, CancellationToken ct)
    {
        Validate(input);
        var place = await places.RequireStaffAsync(input.PlaceId!.Value, BookingPlaces.Manage, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id;
        try
        {
            id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into bookings.resources (place_id, name, capacity_note, seats, slot_minutes, open_minute, close_minute, days_ahead, cancel_minutes, created_at, updated_at)
                values (@placeId, @name, @note, @seats, @slotMinutes, @open, @close, @daysAhead, @cancel, @now, @now)
                returning id
                """, Parameters(input, now), tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["该场所已有同名资源"]);
        }
        await GenerateAsync(conn, tx, id, now, ct);
        await audit.WriteAsync(new AuditEntry(BookingAuditActions.ResourceCreated, "booking-resource", Id(id), place.UnionId, new { input.PlaceId, input.Name }), tx, ct);
        await tx.CommitAsync(ct);
        return row(id, place.Name);

        ResourceView row(long newId, string placeName) => new(newId, place.Id, placeName, input.Name!.Trim(), (input.CapacityNote ?? "").Trim(), input.Seats!.Value,
            input.SlotMinutes!.Value, ChinaTime.Minute(ChinaTime.ParseMinute(input.OpensAt)!.Value), ChinaTime.Minute(ChinaTime.ParseMinute(input.ClosesAt)!.Value),
            input.DaysAhead!.Value, input.CancelBeforeMinutes!.Value);
    }

    /// <summary>Changes a resource. When its times or seats change, future unbooked slots are replaced; booked ones stay.</summary>
    public async Task<ResourceView> UpdateAsync(long id, ResourceInput input, CancellationToken ct)
    {
        var existing = await FindRowAsync(id, ct);
        var place = await places.RequireStaffAsync(existing.PlaceId, BookingPlaces.Manage, ct);
        input = input with { PlaceId = existing.PlaceId };
        Validate(input);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                update bookings.resources set name = @name, capacity_note = @note, seats = @seats, slot_minutes = @slotMinutes, open_minute = @open,
                       close_minute = @close, days_ahead = @daysAhead, cancel_minutes = @cancel, updated_at = @now
                where id = @id
                """, new DynamicParameters(Parameters(input, now)).Also(p => p.Add("id", id)), tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["该场所已有同名资源"]);
        }
        var timesChanged = existing.Seats != input.Seats || existing.SlotMinutes != input.SlotMinutes
            || existing.OpenMinute != ChinaTime.ParseMinute(input.OpensAt) || existing.CloseMinute != ChinaTime.ParseMinute(input.ClosesAt);
        if (timesChanged) await slots.WithdrawFutureAsync(conn, tx, id, now, ct);
        await GenerateAsync(conn, tx, id, now, ct);
        await audit.WriteAsync(new AuditEntry(BookingAuditActions.ResourceUpdated, "booking-resource", Id(id), place.UnionId, new { input.Name, timesChanged }), tx, ct);
        await tx.CommitAsync(ct);
        return await GetForStaffAsync(id, ct);
    }

    /// <summary>Stops a resource from being booked. Refused while members hold bookings that have not started.</summary>
    public async Task ArchiveAsync(long id, CancellationToken ct)
    {
        var existing = await FindRowAsync(id, ct);
        var place = await places.RequireStaffAsync(existing.PlaceId, BookingPlaces.Manage, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select 1 from bookings.resources where id = @id for update", new { id }, tx, cancellationToken: ct));
        var live = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from bookings.bookings where resource_id = @id and status = 1 and starts_at > @now", new { id, now }, tx, cancellationToken: ct));
        if (live > 0) throw new BusinessRuleException(l["该资源还有{0}个未开始的预约，请先与会员沟通并取消后再停用", live]);
        await slots.WithdrawFutureAsync(conn, tx, id, now, ct);
        await conn.ExecuteAsync(new CommandDefinition("update bookings.resources set archived_at = @now, updated_at = @now where id = @id", new { id, now }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(BookingAuditActions.ResourceArchived, "booking-resource", Id(id), place.UnionId), tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Tops up the slots of every active resource (the worker calls this; idempotent).</summary>
    public async Task<int> TopUpAllAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<long>(new CommandDefinition("select id from bookings.resources where archived_at is null order by id", cancellationToken: ct))).AsList();
        var written = 0;
        foreach (var id in ids)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            written += await GenerateAsync(conn, tx, id, now, ct);
            await tx.CommitAsync(ct);
        }
        return written;
    }

    private Task<int> GenerateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, DateTime now, CancellationToken ct)
    {
        var today = ChinaTime.Today(now);
        return slots.GenerateAsync(conn, tx, id, today, today.AddDays(options.Value.SlotHorizonDays - 1), ct);
    }

    private void Validate(ResourceInput input)
    {
        var result = validator.Validate(input);
        if (result.IsValid) return;
        var errors = result.Errors
            .GroupBy(e => char.ToLowerInvariant(e.PropertyName[0]) + e.PropertyName[1..])
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        throw new InputValidationException(errors, l["提交的内容有误"]);
    }

    private async Task<Row> FindRowAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from bookings.resources where id = @id and archived_at is null", new { id }, cancellationToken: ct))
            ?? throw new NotFoundException(l["未找到该资源"]);
    }

    private static object Parameters(ResourceInput input, DateTime now) => new
    {
        placeId = input.PlaceId,
        name = input.Name!.Trim(),
        note = (input.CapacityNote ?? "").Trim(),
        seats = input.Seats!.Value,
        slotMinutes = (short)input.SlotMinutes!.Value,
        open = (short)ChinaTime.ParseMinute(input.OpensAt)!.Value,
        close = (short)ChinaTime.ParseMinute(input.ClosesAt)!.Value,
        daysAhead = (short)input.DaysAhead!.Value,
        cancel = input.CancelBeforeMinutes!.Value,
        now,
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(long Id, long PlaceId, string Name, string CapacityNote, int Seats, short SlotMinutes, short OpenMinute, short CloseMinute,
        short DaysAhead, int CancelMinutes)
    {
        public ResourceView ToView(string placeName) => new(Id, PlaceId, placeName, Name, CapacityNote, Seats, SlotMinutes, ChinaTime.Minute(OpenMinute),
            ChinaTime.Minute(CloseMinute), DaysAhead, CancelMinutes);
    }
}

internal static class DynamicParametersExtensions
{
    public static DynamicParameters Also(this DynamicParameters parameters, Action<DynamicParameters> add)
    {
        add(parameters);
        return parameters;
    }
}

internal static class BookingAuditActions
{
    public const string ResourceCreated = "booking.resource-created";
    public const string ResourceUpdated = "booking.resource-updated";
    public const string ResourceArchived = "booking.resource-archived";
    public const string NoShowMarked = "booking.no-show-marked";
}
