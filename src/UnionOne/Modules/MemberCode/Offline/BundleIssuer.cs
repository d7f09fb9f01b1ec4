using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.MemberCode.Offline;

/// <summary>Builds and signs the bundle a device downloads (at start and then every few minutes while online).</summary>
internal sealed class BundleIssuer(
    CodeKeyRing keys,
    RevocationCache revocations,
    IOrganisationDirectory unions,
    IOptions<MemberCodeOptions> options,
    TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SignedDeviceBundle> IssueAsync(GateDevice device, CancellationToken ct)
    {
        var list = await revocations.FreshAsync(ct);
        var publicKeys = await keys.PublicKeysAsync(ct);
        var o = options.Value;
        var now = clock.GetUtcNow();
        var admitsAll = device.Place.Admits == PlaceAdmission.AllMembers;
        long[] allowed = [];
        if (!admitsAll)
        {
            var subtree = await unions.SubtreeAsync([device.Place.UnionId], ct);
            allowed = [.. subtree.UnionIds];
        }
        var body = new DeviceBundleBody(
            device.Id, device.Place.Id, device.Place.Name, DeviceAdmin.DirectionName(device.Direction), device.Place.AcceptsVisitors,
            admitsAll, allowed,
            [.. publicKeys.Select(k => new BundleKey(k.KeyId, k.Scheme, Convert.ToBase64String(k.PublicKey)))],
            [.. list.Entries.Select(e => new BundleRevocation(e.MemberId, e.NotBeforeMs))],
            [.. list.SuspendedMembers],
            o.LifetimeSeconds, o.ClockSkewSeconds,
            now.ToUnixTimeMilliseconds(), now.AddMinutes(o.OfflineMinutes).ToUnixTimeMilliseconds());
        var text = JsonSerializer.Serialize(body, Json);
        var (keyId, signer) = await keys.SigningKeyAsync(ct);
        return new SignedDeviceBundle(text, keyId, Convert.ToBase64String(signer.Sign(Encoding.UTF8.GetBytes(text))));
    }
}
