using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using UnionOne.Modules.MemberCode.Devices;

namespace UnionOne.Modules.MemberCode.Offline;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/member-codes/offline-scans", async Task<Ok<OfflineUploadResult>> (OfflineUpload upload, HttpContext http, DeviceRegistry devices,
                OfflineUploads uploads, CancellationToken ct) =>
            {
                var device = await devices.FindAsync(http.User.DeviceId()!.Value, ct);
                return TypedResults.Ok(await uploads.RecordAsync(device!, upload, ct));
            })
            .RequireAuthorization(DeviceAuth.ApiPolicy)
            .WithTags("Member code")
            .WithSummary("Upload the scans a gate answered offline; they become access events at their own times (re-sending is harmless)");

        api.MapGet("/member-codes/device-bundle", async Task<Ok<SignedDeviceBundle>> (HttpContext http, DeviceRegistry devices, BundleIssuer bundles,
                NpgsqlDataSource dataSource, CancellationToken ct) =>
            {
                var device = await devices.FindAsync(http.User.DeviceId()!.Value, ct);
                var bundle = await bundles.IssueAsync(device!, ct);
                await using (var conn = await dataSource.OpenConnectionAsync(ct))
                {
                    await conn.ExecuteAsync(new CommandDefinition("update member_code.devices set last_seen_at = now() where id = @id", new { id = device!.Id }, cancellationToken: ct));
                }
                return TypedResults.Ok(bundle);
            })
            .RequireAuthorization(DeviceAuth.ApiPolicy)
            .WithTags("Member code")
            .WithSummary("The signed offline bundle: public keys, revocation list and the place's admission rule");
    }
}