using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using UnionOne.Modules.MemberCode.Codes;
using UnionOne.Modules.MemberCode.Signing;
using UnionOne.Modules.Merchants.Tills;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Wallet;

/// <summary>
/// What the payment benchmark needs in the bench database: active merchants of the city staff member's union, each with a
/// till whose credential the benchmark knows, a sample of active members of that union's subtree credited generously from
/// its welfare fund, and the signing key to mint their payment codes as their phones would (BENCH_DP_KEYS). Merchants and
/// tills are inserted directly (the recruitment workflow is not what is measured); money moves only through wallet.post.
/// </summary>
internal sealed class TillFixture
{
    public sealed record Member(long Id, long UnionId, string Name);

    public sealed record Till(long MerchantId, string Credential);

    private TillFixture(long unionId, Member[] members, IReadOnlyList<Till> tills, ushort keyId, ICodeSigner signer)
    {
        UnionId = unionId;
        Members = members;
        Tills = tills;
        KeyId = keyId;
        Signer = signer;
    }

    public long UnionId { get; }

    public Member[] Members { get; }

    public IReadOnlyList<Till> Tills { get; }

    public ushort KeyId { get; }

    public ICodeSigner Signer { get; }

    public static async Task<(TillFixture? Fixture, string? Failure)> CreateAsync(BenchContext context, string staffUser, int merchants, int sample, long creditFen,
        CancellationToken ct)
    {
        var keysPath = Environment.GetEnvironmentVariable("BENCH_DP_KEYS");
        if (string.IsNullOrEmpty(keysPath)) return (null, "BENCH_DP_KEYS is not set (run through scripts/bench.sh)");
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>("select to_regclass('wallet.payments') is null or to_regclass('merchants.tills') is null"))
            return (null, "the wallet and merchants tables are not in this build");
        var staff = await conn.QuerySingleOrDefaultAsync<(long StaffId, long UnionId)?>("""
            select u.id, r.union_id from identity.staff_roles r join identity.staff_users u on u.id = r.staff_id
            where lower(u.user_name) = lower(@staffUser) order by r.union_id limit 1
            """, new { staffUser });
        if (staff is not { } s) return (null, $"staff user '{staffUser}' has no union");
        var members = (await conn.QueryAsync<Member>("""
            select m.id, m.union_id as UnionId, m.name from members.members m join org.unions u on u.id = m.union_id
            where m.status = 1 and u.path <@ (select path from org.unions where id = @union)
            order by m.id limit @sample
            """, new { union = s.UnionId, sample })).ToArray();
        if (members.Length == 0) return (null, "no active members in the staff member's subtree");

        var tills = new List<Till>();
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var batch = await conn.ExecuteScalarAsync<long>("""
                insert into merchants.batches (union_id, name, opens_on, closes_on, notice_days, created_by)
                values (@union, '压测商户批次', current_date - 30, current_date + 30, 1, @staff) returning id
                """, new { union = s.UnionId, staff = s.StaffId }, tx);
            var notice = await conn.ExecuteScalarAsync<long>("""
                insert into merchants.notices (batch_id, starts_at, ends_at, published_by) values (@batch, now() - interval '10 days', now() - interval '1 day', @staff) returning id
                """, new { batch, staff = s.StaffId }, tx);
            var phone = "13900000000";
            for (var i = 0; i < merchants; i++)
            {
                var merchantId = await conn.ExecuteScalarAsync<long>("""
                    insert into merchants.merchants (batch_id, union_id, name, credit_code, category, address, contact_name, contact_phone_enc, contact_phone_hash,
                                                     proposed_discount_bp, discount_bp, status, check_passed, notice_id, activated_at)
                    values (@batch, @union, @name, @code, 1, '台州市椒江区压测路' || @i || '号', '压测联系人', @phoneEnc, @phoneHash, 9000, 9000, 5, true, @notice, now())
                    returning id
                    """, new
                {
                    batch, union = s.UnionId, name = $"压测超市{i + 1}号店", code = $"BENCH{batch % 100000:00000}{i:0000}X".PadRight(18, '0')[..18], i,
                    phoneEnc = context.Cipher.Encrypt(PersonalDataPurposes.Phone, phone), phoneHash = context.Cipher.LookupHash(PersonalDataPurposes.Phone, phone), notice,
                }, tx);
                var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
                var tillId = await conn.ExecuteScalarAsync<long>(
                    "insert into merchants.tills (merchant_id, name, secret_hash, created_by) values (@merchantId, '压测收银台', @hash, @staff) returning id",
                    new { merchantId, hash = TillRegistry.HashSecret(secret), staff = s.StaffId }, tx);
                tills.Add(new Till(merchantId, $"{tillId}.{secret}"));
            }

            // Money in: the union's bank → its fund → every sampled member, one transfer each way (wallet.post, the ledger's own path).
            var total = creditFen * members.Length;
            var bank = await conn.ExecuteScalarAsync<long>("select wallet.account(8::smallint, @union)", new { union = s.UnionId }, tx);
            var fund = await conn.ExecuteScalarAsync<long>("select wallet.account(2::smallint, @union)", new { union = s.UnionId }, tx);
            var tag = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
            await conn.ExecuteAsync("select * from wallet.post(@key, 1::smallint, array[@bank, @fund], array[-@total, @total]::bigint[])",
                new { key = $"bench-topup-{tag}", bank, fund, total }, tx);
            var ids = members.Select(m => m.Id).ToArray();
            await conn.ExecuteAsync("""
                insert into wallet.accounts (kind, owner_id, unit, may_go_negative) select 1, m, 1, false from unnest(@ids) m on conflict (kind, owner_id) do nothing
                """, new { ids }, tx);
            var accounts = (await conn.QueryAsync<long>(
                "select a.id from unnest(@ids) with ordinality as m(id, n) join wallet.accounts a on a.kind = 1 and a.owner_id = m.id order by m.n", new { ids }, tx)).ToArray();
            await conn.ExecuteAsync("select * from wallet.post(@key, 2::smallint, @accounts, @amounts, 'bench', '压测发放')", new
            {
                key = $"bench-credit-{tag}",
                accounts = accounts.Prepend(fund).ToArray(),
                amounts = Enumerable.Repeat(creditFen, accounts.Length).Prepend(-total).ToArray(),
            }, tx);
            await tx.CommitAsync(ct);
        }

        var protection = DataProtectionProvider.Create(new DirectoryInfo(keysPath), b => b.SetApplicationName("UnionOne"));
        var ring = new CodeKeyRing(context.Db, new EcdsaP256Scheme(), protection, NullLogger<CodeKeyRing>.Instance);
        var (keyId, signer) = await ring.SigningKeyAsync(ct);
        return (new TillFixture(s.UnionId, members, tills, keyId, signer), null);
    }

    /// <summary>A fresh one-time payment code of a random member of the sample, as the wallet page would show it now.</summary>
    public string Mint(Random random)
    {
        var m = Members[random.Next(Members.Length)];
        var payload = new CodePayload(KeyId, m.Id, m.UnionId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), random.NextInt64(), Mask.Name(m.Name), CodeKind.Payment);
        var signed = payload.SignedBytes();
        return CodePayload.ToText(signed, Signer.Sign(signed));
    }

    /// <summary>Deactivates the scratch merchants and revokes their tills (the ledger keeps every posting, as it must).</summary>
    public async Task RetireAsync(BenchContext context, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        var ids = Tills.Select(t => t.MerchantId).ToArray();
        await conn.ExecuteAsync(new CommandDefinition("""
            update merchants.tills set status = 2, revoked_at = now() where merchant_id = any(@ids);
            update merchants.merchants set status = 7, updated_at = now() where id = any(@ids);
            """, new { ids }, cancellationToken: ct));
    }
}
