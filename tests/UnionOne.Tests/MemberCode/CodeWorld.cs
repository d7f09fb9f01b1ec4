using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.MemberCode;

/// <summary>A member of factory A with a phone, an open station in district A and a registered entry gate there.</summary>
internal sealed record CodeWorld(MemberWorld World, long MemberId, string Phone, string Name, long PlaceId, long DeviceId, string Credential)
{
    public static async Task<CodeWorld> CreateAsync(UnionOneApp app, PlaceAdmission admits = PlaceAdmission.AllMembers)
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var name = MemberTestData.Name();
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, name, MemberTestData.IdNumber(), phone);
        var place = await app.InsertPlaceAsync(world.DistrictA, admits: admits);
        var (deviceId, credential) = await RegisterDeviceAsync(app, world.OfficerA, place);
        return new CodeWorld(world, memberId, phone, name, place, deviceId, credential);
    }

    public static async Task<(long Id, string Credential)> RegisterDeviceAsync(UnionOneApp app, long staffId, long placeId, string direction = "in")
    {
        var staff = await app.StaffApiAsync(staffId);
        var response = await staff.PostAsJsonAsync("/api/v1/devices", new { name = "东门闸机", placeId, direction });
        response.EnsureSuccessStatusCode();
        var body = await response.JsonAsync();
        return (body.GetProperty("id").GetInt64(), body.GetProperty("credential").GetString()!);
    }

    public HttpClient Device(UnionOneApp app, string? credential = null)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Device", credential ?? Credential);
        return client;
    }

    public async Task<string> CodeAsync(UnionOneApp app)
    {
        var body = await (await app.MemberApi(Phone, MemberId).GetAsync("/api/v1/member-codes/mine")).JsonAsync();
        body.GetProperty("issued").GetBoolean().ShouldBeTrue();
        return body.GetProperty("code").GetString()!;
    }

    public async Task<System.Text.Json.JsonElement> VerifyAsync(UnionOneApp app, string code, HttpClient? device = null)
    {
        var response = await (device ?? Device(app)).PostAsJsonAsync("/api/v1/member-codes/verify", new { code, deviceId = DeviceId });
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }

    /// <summary>A genuine code (signed with the server's key) issued at a chosen instant.</summary>
    public static async Task<string> MintAtAsync(UnionOneApp app, long memberId, long unionId, string maskedName, DateTimeOffset at)
    {
        var keys = app.Services.GetRequiredService<CodeKeyRing>();
        var (keyId, signer) = await keys.SigningKeyAsync(CancellationToken.None);
        var payload = new CodePayload(keyId, memberId, unionId, at.ToUnixTimeMilliseconds(), BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)), maskedName);
        var signed = payload.SignedBytes();
        return CodePayload.ToText(signed, signer.Sign(signed));
    }
}
