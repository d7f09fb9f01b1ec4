using System.Net.Http.Json;
using System.Text.Json;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Places;

/// <summary>City → districts A and B; in A a chair, an officer and a viewer; in B an officer.</summary>
internal sealed record PlaceWorld(long City, long DistrictA, long DistrictB, long CityChair, long OfficerA, long ViewerA, long OfficerB)
{
    public static async Task<PlaceWorld> CreateAsync(UnionOneApp app)
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("台州市总工会"), UnionLevel.City, null, "331000", "federation");
        var a = await app.CreateUnionAsync(TestActors.Unique("椒江区总工会"), UnionLevel.County, city, "331002", "federation");
        var b = await app.CreateUnionAsync(TestActors.Unique("黄岩区总工会"), UnionLevel.County, city, "331003", "federation");
        return new PlaceWorld(city, a, b,
            await app.CreateStaffAsync(TestActors.Unique("pcity"), "Passw0rd!x", (city, StaffRole.Chair)),
            await app.CreateStaffAsync(TestActors.Unique("pofa"), "Passw0rd!x", (a, StaffRole.Officer)),
            await app.CreateStaffAsync(TestActors.Unique("pviewa"), "Passw0rd!x", (a, StaffRole.Viewer)),
            await app.CreateStaffAsync(TestActors.Unique("pofb"), "Passw0rd!x", (b, StaffRole.Officer)));
    }
}

internal static class PlaceApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A valid station body; callers override fields with <paramref name="change"/>.</summary>
    public static Dictionary<string, object?> Station(long unionId, Action<Dictionary<string, object?>>? change = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["unionId"] = unionId,
            ["kind"] = 4,
            ["parentPlaceId"] = null,
            ["name"] = TestActors.Unique("海门街道户外劳动者驿站"),
            ["address"] = "台州市椒江区东山路12号",
            ["latitude"] = 28.6846,
            ["longitude"] = 121.4480,
            ["open24h"] = false,
            ["openingHours"] = new object[] { new { days = new[] { 1, 2, 3, 4, 5 }, from = "08:00", to = "20:00" } },
            ["facilities"] = new[] { "water", "charging", "microwave" },
            ["capacity"] = 12,
            ["admits"] = 1,
            ["contactPhone"] = "0576-88123456",
            ["checklist"] = new { sign = true, layout = true, facilities = true, functions = false, rules = false, onMap = true },
        };
        change?.Invoke(body);
        return body;
    }

    public static async Task<long> CreateAsync(HttpClient client, Dictionary<string, object?> body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/places", body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The first message of a field in a validation problem (with the whole body as the failure message).</summary>
    public static async Task<string> FieldErrorAsync(this HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        var root = JsonDocument.Parse(text).RootElement;
        root.TryGetProperty("errors", out var errors).ShouldBeTrue(text);
        errors.TryGetProperty(field, out var messages).ShouldBeTrue(text);
        return messages[0].GetString()!;
    }
}
