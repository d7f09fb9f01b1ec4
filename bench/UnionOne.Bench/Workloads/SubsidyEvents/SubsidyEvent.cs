using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using UnionOne.Bench.Infrastructure;

namespace UnionOne.Bench.Workloads.SubsidyEvents;

/// <summary>
/// A scratch subsidy event (基准测试-…) published through the staff API (POST /api/v1/subsidy-events) at the staff user's union,
/// and removed with its slots and applications at the end of the run.
/// </summary>
internal sealed class SubsidyEvent
{
    public long Id { get; private init; }

    public IReadOnlyList<long> Slots { get; private init; } = [];

    public int Places { get; private init; }

    public string? Failure { get; private init; }

    public sealed record Check(long OverbookedSlots, long CounterMismatches, long MaxPerMember, long Applications, long Held);

    public static async Task<SubsidyEvent> CreateAsync(BenchContext context, HttpClient http, string token, string userName, string mode, int days, int slotsPerDay,
        int capacity, CancellationToken ct)
    {
        long unionId;
        await using (var conn = await context.Db.OpenConnectionAsync(ct))
        {
            await using var exists = new NpgsqlCommand("select to_regclass('subsidy.events') is not null", conn);
            if (await exists.ExecuteScalarAsync(ct) is not true) return new SubsidyEvent { Failure = "the subsidy tables are not in this build" };
            await using var union = new NpgsqlCommand("""
                select r.union_id from identity.staff_roles r join identity.staff_users u on u.id = r.staff_id
                where lower(u.user_name) = lower(@user) order by r.union_id limit 1
                """, conn);
            union.Parameters.AddWithValue("user", userName);
            if (await union.ExecuteScalarAsync(ct) is not long id) return new SubsidyEvent { Failure = $"staff user '{userName}' has no union" };
            unionId = id;
        }
        var local = DateTime.UtcNow.AddHours(8);
        var body = new
        {
            unionId,
            name = "基准测试-补贴专场" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture),
            venue = "基准测试场馆",
            mode,
            discountMinPercent = 5,
            discountMaxPercent = 30,
            capFen = 200_000,
            applyOpensAt = local.AddMinutes(-5).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            applyClosesAt = local.AddDays(1).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            firstDay = local.Date.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            days,
            firstSlotStart = "08:00",
            slotMinutes = 30,
            slotsPerDay,
            capacity,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subsidy-events") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.NotFound && !text.Contains("detail", StringComparison.Ordinal))
            return new SubsidyEvent { Failure = "POST /api/v1/subsidy-events answered 404 (subsidy events not in this build)" };
        if (response.StatusCode != HttpStatusCode.Created) return new SubsidyEvent { Failure = $"POST /api/v1/subsidy-events answered {(int)response.StatusCode}: {text}" };
        using var json = JsonDocument.Parse(text);
        var slots = json.RootElement.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToList();
        return new SubsidyEvent { Id = json.RootElement.GetProperty("id").GetInt64(), Slots = slots, Places = slots.Count * capacity };
    }

    /// <summary>No slot above capacity, counters equal the places held, at most one application per member.</summary>
    public async Task<Check> VerifyAsync(BenchContext context, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select (select count(*) from subsidy.slots where event_id = @id and taken > capacity),
                   (select count(*) from subsidy.slots s where s.event_id = @id
                      and s.taken <> (select count(*) from subsidy.applications a where a.slot_id = s.id and a.status = 2)),
                   (select coalesce(max(c), 0) from (select count(*) c from subsidy.applications where event_id = @id group by member_id) x),
                   (select count(*) from subsidy.applications where event_id = @id),
                   (select count(*) from subsidy.applications where event_id = @id and status = 2)
            """, conn);
        cmd.Parameters.AddWithValue("id", Id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new Check(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
    }

    /// <summary>Deletes the scratch event, its slots and applications (the audit log keeps its entries).</summary>
    public async Task RemoveAsync(BenchContext context, CancellationToken ct)
    {
        if (Id == 0) return;
        try
        {
            await using var conn = await context.Db.OpenConnectionAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                delete from subsidy.applications where event_id = @id;
                delete from subsidy.slots where event_id = @id;
                delete from subsidy.events where id = @id;
                """, conn) { CommandTimeout = 300 };
            cmd.Parameters.AddWithValue("id", Id);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (NpgsqlException e)
        {
            Log.Warn($"subsidy: could not remove the scratch event {Id}: {e.Message}");
        }
    }
}
