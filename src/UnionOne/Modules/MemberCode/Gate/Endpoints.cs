using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Modules.MemberCode.Offline;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.MemberCode.Gate;

/// <summary>The gate page's bundle (kept by the page for when the network is out) with the public keys that verify it.</summary>
public sealed record GateBundle(SignedDeviceBundle Bundle, IReadOnlyList<Issue.PublicKeyView> Keys);

internal static class Endpoints
{
    /// <summary>Scripts of the gate page send it; a form on another site cannot, so these cookie-authenticated posts need no token.</summary>
    public const string GateHeader = "X-Gate";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/gate/sign-out", async (HttpContext http) =>
            {
                await http.SignOutAsync(DeviceAuth.PageScheme);
                return TypedResults.Redirect("/gate/sign-in");
            })
            .ExcludeFromDescription();

        app.MapGet("/gate/bundle", async Task<Ok<GateBundle>> (HttpContext http, DeviceRegistry devices, BundleIssuer bundles, CodeKeyRing keys, CancellationToken ct) =>
            {
                var device = await devices.FindAsync(http.User.DeviceId()!.Value, ct);
                var bundle = await bundles.IssueAsync(device!, ct);
                var publicKeys = (await keys.PublicKeysAsync(ct)).Select(k => new Issue.PublicKeyView(k.KeyId, k.Scheme, Convert.ToBase64String(k.PublicKey))).ToList();
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(new GateBundle(bundle, publicKeys));
            })
            .RequireAuthorization(DeviceAuth.PagePolicy)
            .ExcludeFromDescription();

        app.MapPost("/gate/offline-scans", async Task<Ok<OfflineUploadResult>> (OfflineUpload upload, HttpContext http, DeviceRegistry devices,
                OfflineUploads uploads, CancellationToken ct) =>
            {
                if (!http.Request.Headers.ContainsKey(GateHeader)) throw new ForbiddenException("缺少扫码页面标识");
                var device = await devices.FindAsync(http.User.DeviceId()!.Value, ct);
                return TypedResults.Ok(await uploads.RecordAsync(device!, upload, ct));
            })
            .RequireAuthorization(DeviceAuth.PagePolicy)
            .DisableAntiforgery()
            .ExcludeFromDescription();
    }
}
