using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Modules.MemberCode.Signing;

namespace UnionOne.Bench.Workloads.MemberCode;

/// <summary>
/// What the member-code benchmarks need in the bench database: a station open to all members, a gate registered there
/// (its credential known to the benchmark), a sample of active members, and the server's signing key to play thousands
/// of phones (unwrapped with the app's data-protection keys, BENCH_DP_KEYS, which scripts/bench.sh gives the app too).
/// </summary>
internal sealed class GateFixture
{
    private GateFixture(long placeId, long deviceId, string credential, Member[] members, ushort keyId, ICodeSigner signer)
    {
        PlaceId = placeId;
        DeviceId = deviceId;
        Credential = credential;
        Members = members;
        KeyId = keyId;
        Signer = signer;
    }

    public sealed record Member(long Id, long UnionId, string Name);

    public long PlaceId { get; }

    public long DeviceId { get; }

    public string Credential { get; }

    public Member[] Members { get; }

    public ushort KeyId { get; }

    public ICodeSigner Signer { get; }

    public static async Task<GateFixture?> CreateAsync(BenchContext context, int sample, CancellationToken ct)
    {
        var keysPath = Environment.GetEnvironmentVariable("BENCH_DP_KEYS");
        if (string.IsNullOrEmpty(keysPath)) return null;
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        var unionId = await conn.ExecuteScalarAsync<long?>("select min(id) from org.unions where status = 1");
        if (unionId is null) return null;
        var members = (await conn.QueryAsync<Member>(
            "select id, union_id as UnionId, name from members.members where status = 1 order by id limit @sample", new { sample })).ToArray();
        if (members.Length == 0) return null;
        var placeId = await conn.ExecuteScalarAsync<long>("""
            insert into places.places (union_id, kind, name, address, latitude, longitude, open_24h, capacity, admits)
            values (@unionId, 4, '压测驿站', '台州市椒江区压测路1号', 28.656, 121.421, true, 100000, 1) returning id
            """, new { unionId });
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var deviceId = await conn.ExecuteScalarAsync<long>("""
            insert into member_code.devices (name, place_id, union_id, direction, secret_hash) values ('压测闸机', @placeId, @unionId, 1, @hash) returning id
            """, new { placeId, unionId, hash = DeviceRegistry.HashSecret(secret) });

        var protection = DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("UnionOne"));
        var ring = new CodeKeyRing(context.Db, new EcdsaP256Scheme(), protection, NullLogger<CodeKeyRing>.Instance);
        var (keyId, signer) = await ring.SigningKeyAsync(ct);
        return new GateFixture(placeId, deviceId, $"{deviceId}.{secret}", members, keyId, signer);
    }

    /// <summary>A fresh code for a random member of the sample, as the card page would issue it now.</summary>
    public string Mint(Random random, DateTimeOffset? at = null)
    {
        var m = Members[random.Next(Members.Length)];
        var payload = new CodePayload(KeyId, m.Id, m.UnionId, (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds(), random.NextInt64(), UnionOne.Platform.Security.Mask.Name(m.Name));
        var signed = payload.SignedBytes();
        return CodePayload.ToText(signed, Signer.Sign(signed));
    }
}
