using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.MemberCode.Devices;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var devices = api.MapGroup("/devices").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Devices");
        devices.MapPost("/", async Task<Created<RegisteredDevice>> (RegisterDeviceRequest request, DeviceAdmin admin, CancellationToken ct) =>
            {
                var device = await admin.RegisterAsync(request, ct);
                return TypedResults.Created($"/api/v1/devices/{device.Id}", device);
            })
            .WithSummary("登记闸机/扫码设备（凭据仅显示一次）");
        devices.MapGet("/", async (long? unionId, DeviceAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(unionId, ct)))
            .WithSummary("本级及下级工会登记的设备");
        devices.MapPost("/{id:long}/revoke", async Task<NoContent> (long id, DeviceAdmin admin, CancellationToken ct) =>
            {
                await admin.RevokeAsync(id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("停用设备（遗失或被盗）");
    }
}
