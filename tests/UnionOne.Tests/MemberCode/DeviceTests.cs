using System.Net;
using System.Net.Http.Json;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.MemberCode;

public sealed class DeviceTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Staff_register_devices_only_at_places_of_their_subtree_and_the_secret_is_stored_hashed()
    {
        var world = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(world.FactoryA);
        var (id, credential) = await CodeWorld.RegisterDeviceAsync(app, world.OfficerA, place);
        credential.ShouldStartWith($"{id}.");
        (await app.CountAsync("select count(*) from member_code.devices where id = @id and position(convert_to(@secret, 'UTF8') in secret_hash) = 0",
            new { id, secret = credential[(credential.IndexOf('.') + 1)..] })).ShouldBe(1);

        var list = await (await app.StaffApiAsync(world.CityOfficer)).GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/v1/devices");
        list!.ShouldContain(d => d.GetProperty("id").GetInt64() == id);
        list!.ShouldAllBe(d => !d.ToString().Contains("credential", StringComparison.OrdinalIgnoreCase));
        (await (await app.StaffApiAsync(world.OfficerB)).GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/api/v1/devices"))!
            .ShouldNotContain(d => d.GetProperty("id").GetInt64() == id);

        var outsider = await (await app.StaffApiAsync(world.OfficerB)).PostAsJsonAsync("/api/v1/devices", new { name = "闸机", placeId = place });
        outsider.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var viewer = await (await app.StaffApiAsync(world.ViewerA)).PostAsJsonAsync("/api/v1/devices", new { name = "闸机", placeId = place });
        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.StaffApiAsync(world.OfficerB)).PostAsync($"/api/v1/devices/{id}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select count(*) from member_code.devices where place_id = @place", new { place })).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_device_input_gets_chinese_field_errors_and_creates_nothing()
    {
        var world = await MemberWorld.CreateAsync(app);
        var place = await app.InsertPlaceAsync(world.FactoryA);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var bad = await staff.PostAsJsonAsync("/api/v1/devices", new { name = "<b>", placeId = (long?)null, direction = "sideways" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.ReadProblemAsync();
        problem.FieldError("name").ShouldContain("设备名称");
        problem.FieldError("direction").ShouldContain("方向");
        problem.FieldError("placeId").ShouldBe("请选择设备所在场所");
        (await staff.PostAsJsonAsync("/api/v1/devices", new { name = "西门闸机", placeId = place + 100000 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select count(*) from member_code.devices where place_id = @place", new { place })).ShouldBe(0);
    }
}
