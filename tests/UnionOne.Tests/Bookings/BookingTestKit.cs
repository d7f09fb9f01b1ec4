using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Bookings;
using UnionOne.Modules.Bookings.NoShows;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.Bookings;

/// <summary>The app with the bookings worker off: tests run the no-show sweep themselves, with the clock they choose.</summary>
public sealed class BookingsApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Bookings:WorkerEnabled"] = "false" };
}

/// <summary>A clock the test sets.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A member with an API client and a page client.</summary>
internal sealed record TestMember(long Id, string MemberNo, string Phone, HttpClient Api);

/// <summary>
/// The member world (city, districts A and B, officers and a viewer) plus an open place of district A's and a room
/// open all day in one-hour slots, bookable 7 days ahead, cancellable until 2 hours before the start.
/// </summary>
internal sealed record BookingWorld(MemberWorld Org, long PlaceId, long RoomId, HttpClient Officer)
{
    public static async Task<BookingWorld> CreateAsync(UnionOneApp app, PlaceAdmission admits = PlaceAdmission.AllMembers)
    {
        var org = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(org.DistrictA, PlaceKind.WorkersHome, admits: admits);
        var officer = await app.StaffApiAsync(org.OfficerA);
        var room = await officer.CreateResourceAsync(place, TestActors.Unique("茶室"));
        return new BookingWorld(org, place, room, officer);
    }
}

internal static class BookingTestKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static object Resource(long placeId, string name, int seats = 1, int slotMinutes = 60, string opensAt = "00:00", string closesAt = "24:00",
        int daysAhead = 7, int cancelBeforeMinutes = 120) =>
        new { placeId, name, capacityNote = "可容纳6人", seats, slotMinutes, opensAt, closesAt, daysAhead, cancelBeforeMinutes };

    public static async Task<long> CreateResourceAsync(this HttpClient staff, long placeId, string name, int seats = 1, int slotMinutes = 60,
        string opensAt = "00:00", string closesAt = "24:00", int daysAhead = 7, int cancelBeforeMinutes = 120)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/booking-resources", Resource(placeId, name, seats, slotMinutes, opensAt, closesAt, daysAhead, cancelBeforeMinutes));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    public static async Task<TestMember> NewMemberAsync(this UnionOneApp app, long unionId, Modules.Members.Contracts.MemberStatus status = Modules.Members.Contracts.MemberStatus.Active)
    {
        var phone = MemberTestData.Phone();
        var (id, no) = await app.InsertMemberAsync(unionId, MemberTestData.Name(), MemberTestData.IdNumber(), phone, status: status);
        return new TestMember(id, no, phone, app.MemberApi(phone, id));
    }

    /// <summary>Local day in China, <paramref name="daysFromToday"/> after today.</summary>
    public static DateOnly Day(int daysFromToday) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(daysFromToday);

    public static string Text(this DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The id of the resource's slot starting at local <paramref name="hour"/>:00 on the day.</summary>
    public static async Task<long> SlotAsync(this UnionOneApp app, long resourceId, DateOnly day, int hour)
    {
        await using var conn = await app.OpenAsync();
        var start = DateTime.SpecifyKind(day.ToDateTime(new TimeOnly(hour, 0)).AddHours(-8), DateTimeKind.Utc);
        return await conn.ExecuteScalarAsync<long?>(
            "select id from bookings.slots where resource_id = @resourceId and starts_at = @start and not retired", new { resourceId, start })
            ?? throw new InvalidOperationException($"no slot at {day} {hour}:00");
    }

    public static Task<HttpResponseMessage> BookAsync(this HttpClient member, long slotId) =>
        member.PostAsJsonAsync("/api/v1/bookings", new { slotId });

    public static async Task<long> BookedAsync(this HttpClient member, long slotId)
    {
        var response = await member.BookAsync(slotId);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>GETs and reads the JSON, failing with the body when the answer is not 200.</summary>
    public static async Task<JsonElement> GetOkAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url + " " + body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<string> ProblemDetailAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? "";
    }

    public static async Task<JsonElement> ValidationProblemAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").Clone();
    }

    /// <summary>Moves a booking and its slot <paramref name="days"/> days back in time (as if those days had passed).</summary>
    public static async Task AgeBookingAsync(this UnionOneApp app, long bookingId, int days)
    {
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("""
            update bookings.slots o set retired = true
            from bookings.bookings b join bookings.slots s on s.id = b.slot_id
            where b.id = @bookingId and o.resource_id = s.resource_id and o.id <> s.id and not o.retired
              and o.starts_at = s.starts_at - make_interval(days => @days);
            update bookings.slots s set starts_at = s.starts_at - make_interval(days => @days), ends_at = s.ends_at - make_interval(days => @days),
                   day = s.day - @days
            from bookings.bookings b where b.id = @bookingId and s.id = b.slot_id;
            update bookings.bookings set starts_at = starts_at - make_interval(days => @days), ends_at = ends_at - make_interval(days => @days),
                   day = day - @days
            where id = @bookingId;
            """, new { bookingId, days });
    }

    public static NoShowService NoShows(this UnionOneApp app, TimeProvider clock) =>
        new(app.DataSource, app.Services.GetRequiredService<IAccessEvents>(), app.Services.GetRequiredService<IOptions<BookingOptions>>(), clock);

    public static async Task<long> ScalarAsync(this UnionOneApp app, string sql, object? args = null)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public static async Task<short> StatusAsync(this UnionOneApp app, long bookingId)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<short>("select status from bookings.bookings where id = @bookingId", new { bookingId });
    }
}
