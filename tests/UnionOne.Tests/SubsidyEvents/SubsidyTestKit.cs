using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Modules.SubsidyEvents.Receipts;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.SubsidyEvents;

/// <summary>The app with the receipt worker off: tests send the receipts themselves.</summary>
public sealed class SubsidyApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["SubsidyEvents:WorkerEnabled"] = "false" };
}

internal sealed record SubsidyMember(long Id, string MemberNo, string Phone, HttpClient Api);

/// <summary>The member world (city, districts A and B with staff) and district A's officer's API client.</summary>
internal sealed record SubsidyWorld(MemberWorld Org, HttpClient Officer)
{
    public static async Task<SubsidyWorld> CreateAsync(UnionOneApp app)
    {
        var org = await MemberWorld.CreateAsync(app);
        return new SubsidyWorld(org, await app.StaffApiAsync(org.OfficerA));
    }
}

internal static class SubsidyTestKit
{
    public static string Local(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Day(int daysFromToday) => DateTime.UtcNow.AddHours(8).Date.AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An event input: applications open now for 2 days, slots from the 3rd day at 09:00.</summary>
    public static Dictionary<string, object?> Input(long unionId, string mode = "first-come", int days = 3, int slotsPerDay = 10, int capacity = 500,
        string? firstDay = null, string firstSlotStart = "09:00") => new()
    {
        ["unionId"] = unionId,
        ["name"] = TestActors.Unique("家电补贴专场"),
        ["venue"] = "市职工文化宫一楼展厅",
        ["mode"] = mode,
        ["discountMinPercent"] = 5,
        ["discountMaxPercent"] = 30,
        ["capFen"] = 200_000L,
        ["applyOpensAt"] = Local(DateTime.UtcNow.AddMinutes(-10)),
        ["applyClosesAt"] = Local(DateTime.UtcNow.AddDays(2)),
        ["firstDay"] = firstDay ?? Day(3),
        ["days"] = days,
        ["firstSlotStart"] = firstSlotStart,
        ["slotMinutes"] = 30,
        ["slotsPerDay"] = slotsPerDay,
        ["capacity"] = capacity,
    };

    public static async Task<JsonElement> CreateEventAsync(this HttpClient staff, Dictionary<string, object?> input)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/subsidy-events", input);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static long[] SlotIds(this JsonElement ev) => ev.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToArray();

    public static Task<HttpResponseMessage> ApplyAsync(this HttpClient member, long eventId, long? slotId, bool? acceptOther = null) =>
        member.PostAsJsonAsync($"/api/v1/subsidy-events/{eventId}/applications", new { slotId, acceptOther });

    /// <summary>The public draw record (GET .../draw) as the draw's inputs and its published winners, read as an outsider would.</summary>
    public static (List<DrawSlot> Slots, List<DrawApplicant> Applicants, Dictionary<long, long> Winners) DrawRecord(this JsonElement publication) =>
    (
        publication.GetProperty("slots").EnumerateArray()
            .Select(s => new DrawSlot(s.GetProperty("slotId").GetInt64(), s.GetProperty("startsAt").GetDateTime().ToUniversalTime(), s.GetProperty("capacity").GetInt32()))
            .ToList(),
        publication.GetProperty("applicants").EnumerateArray()
            .Select(a => new DrawApplicant(a.GetProperty("applicationId").GetInt64(),
                a.GetProperty("preferredSlotId").ValueKind == JsonValueKind.Null ? null : a.GetProperty("preferredSlotId").GetInt64(),
                a.GetProperty("acceptOther").GetBoolean()))
            .ToList(),
        publication.GetProperty("winners").EnumerateArray().ToDictionary(w => w.GetProperty("applicationId").GetInt64(), w => w.GetProperty("slotId").GetInt64())
    );

    public static async Task<SubsidyMember> NewMemberAsync(this UnionOneApp app, long unionId)
    {
        var phone = MemberTestData.Phone();
        var (id, no) = await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber(), phone);
        return new SubsidyMember(id, no, phone, app.MemberApi(phone, id));
    }

    /// <summary>Many members at once (one INSERT from generate_series); their encrypted columns are random bytes (not read by these tests).</summary>
    public static async Task<long[]> BulkMembersAsync(this UnionOneApp app, long unionId, int count)
    {
        await using var conn = await app.OpenAsync();
        return (await conn.QueryAsync<long>("""
            insert into members.members (name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date, phone_enc, phone_hash, union_id, job_type, joined_on)
            select '测试会员', gen_random_bytes(16), gen_random_bytes(32), gen_random_bytes(32), 'M', date '1990-01-01', gen_random_bytes(16), gen_random_bytes(32),
                   @unionId, 1, current_date
            from generate_series(1, @count)
            returning id
            """, new { unionId, count })).ToArray();
    }

    /// <summary>Moves the application window of an event into the past (as if it had closed), and forgets the cached row.</summary>
    public static async Task CloseWindowAsync(this UnionOneApp app, long eventId)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("update subsidy.events set apply_opens_at = now() - interval '2 hours', apply_closes_at = now() - interval '1 minute' where id = @eventId",
            new { eventId });
        app.Services.GetRequiredService<IMemoryCache>().Remove(("subsidy.event", eventId));
    }

    /// <summary>Moves a slot so that it runs now.</summary>
    public static async Task SlotNowAsync(this UnionOneApp app, long slotId)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("update subsidy.slots set starts_at = now() - interval '5 minutes', ends_at = now() + interval '25 minutes' where id = @slotId", new { slotId });
    }

    public static async Task<int> SendReceiptsAsync(this UnionOneApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReceiptService>().SendPendingAsync(default);
    }

    /// <summary>
    /// The one-time entry code of the latest SMS receipt to this phone, read from the development outbox. Taken from
    /// after "入场码" (the zh-CN text), not as the first run of ten digits: an event name made by TestActors.Unique can
    /// hold one too.
    /// </summary>
    public static async Task<string> ReceiptCodeAsync(this UnionOneApp app, string phone)
    {
        var hash = app.Service<IPersonalDataCipher>().LookupHash(PersonalDataPurposes.Phone, phone);
        await using var conn = await app.OpenAsync();
        var body = await conn.ExecuteScalarAsync<string>(
            "select body from messaging.sms_outbox where phone_hash = @hash and purpose = 'subsidy-receipt' order by id desc limit 1", new { hash });
        body.ShouldNotBeNull("no SMS receipt was sent to this phone");
        var code = Regex.Match(body, "入场码 ([0-9]{10})(?![0-9])").Groups[1].Value;
        code.Length.ShouldBe(10, body);
        return code;
    }

    public static async Task<long> ScalarAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>The problem's detail and every field error, as one text (decoded), after checking the status.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        var root = JsonDocument.Parse(body).RootElement;
        var parts = new List<string>();
        if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String) parts.Add(detail.GetString()!);
        if (root.TryGetProperty("errors", out var errors))
            foreach (var field in errors.EnumerateObject())
                parts.AddRange(field.Value.EnumerateArray().Select(m => field.Name + ": " + m.GetString()));
        return string.Join(" | ", parts);
    }
}
