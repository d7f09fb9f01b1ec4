using Dapper;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Modules.Merchants.Tills;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Merchants.Demo;

/// <summary>
/// The demo city's benefit merchants, recruited by 玉环市总工会 as the seeds describe (a cake shop at 八五折, a supermarket at 九五折,
/// a courier at 八五折, a restaurant at 九折), each active with one till whose credential is fixed for the demo
/// (<see cref="TillCredentials"/>), plus a farm-produce shop on public notice and a snack bar that has just applied.
/// </summary>
internal sealed class DemoMerchants(NpgsqlDataSource dataSource, IPersonalDataCipher cipher, TimeProvider clock, ILogger<DemoMerchants> logger) : IMerchantDemoSeeder
{
    public const string Union = "玉环市总工会";

    private sealed record Spec(string Name, MerchantCategory Category, int DiscountBp, string Address, double Lat, double Lng, string Contact, string Phone,
        MerchantStatus Status, string? TillSecret);

    /// <summary>Demo only: the tills' credentials ("id.secret") the README quotes. Never use fixed secrets outside demo data.</summary>
    public static readonly (long TillId, string Merchant, string Credential)[] TillCredentials =
    [
        (1, "玉环麦香园蛋糕店", "1.demo-till-bakery-2026"),
        (2, "玉环联华超市（广陵路店）", "2.demo-till-supermarket-2026"),
        (3, "中通快递玉城营业部", "3.demo-till-courier-2026"),
        (4, "玉环海味轩酒家", "4.demo-till-restaurant-2026"),
    ];

    private static readonly Spec[] Specs =
    [
        new("玉环麦香园蛋糕店", MerchantCategory.Bakery, 8500, "玉环市玉城街道广陵路58号", 28.1331, 121.2387, "周丽", "13906761201", MerchantStatus.Active, "demo-till-bakery-2026"),
        new("玉环联华超市（广陵路店）", MerchantCategory.Supermarket, 9500, "玉环市玉城街道广陵路126号", 28.1352, 121.2412, "陈建国", "13906761202", MerchantStatus.Active, "demo-till-supermarket-2026"),
        new("中通快递玉城营业部", MerchantCategory.Courier, 8500, "玉环市玉城街道环城北路9号", 28.1398, 121.2351, "林小军", "13906761203", MerchantStatus.Active, "demo-till-courier-2026"),
        new("玉环海味轩酒家", MerchantCategory.Restaurant, 9000, "玉环市坎门街道海港路66号", 28.0887, 121.2759, "王海波", "13906761204", MerchantStatus.Active, "demo-till-restaurant-2026"),
        new("玉环鲜丰农副产品店", MerchantCategory.FarmProduce, 9000, "玉环市玉城街道城东路33号", 28.1372, 121.2468, "叶秀英", "13906761205", MerchantStatus.Publicised, null),
        new("楚门老街小吃店", MerchantCategory.Restaurant, 9000, "玉环市楚门镇楚洲路102号", 28.2183, 121.2708, "郑伟", "13906761206", MerchantStatus.Applied, null),
    ];

    public async Task<int> SeedAsync(IReadOnlyDictionary<string, long> unionIdsByName, long staffId, string staffName, CancellationToken ct = default)
    {
        if (!unionIdsByName.TryGetValue(Union, out var unionId)) return 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from merchants.merchants) or exists (select 1 from merchants.tills)", transaction: tx, cancellationToken: ct))) return 0;

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        // The first batch is over: its notice ran for 7 days a month ago. The second is open, its notice running now.
        var firstBatch = await InsertBatchAsync(conn, tx, unionId, "2026年第一批普惠商户招募", today.AddDays(-60), today.AddDays(-40), staffId, ct);
        var secondBatch = await InsertBatchAsync(conn, tx, unionId, "2026年第二批普惠商户招募", today.AddDays(-10), today.AddDays(20), staffId, ct);
        var firstNotice = await InsertNoticeAsync(conn, tx, firstBatch, ChinaTime.StartUtc(today.AddDays(-35)), ChinaTime.StartUtc(today.AddDays(-28)), staffId, ct);
        var secondNotice = await InsertNoticeAsync(conn, tx, secondBatch, now.AddHours(-2), ChinaTime.StartUtc(ChinaTime.Day(now.AddHours(-2)).AddDays(7)), staffId, ct);

        var added = 0;
        var nextCode = 0;
        foreach (var s in Specs)
        {
            var first17 = "92331083MA2" + (++nextCode).ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "DEM0";
            var creditCode = first17 + SocialCreditCode.CheckCharacter(first17);
            var active = s.Status == MerchantStatus.Active;
            var batch = active ? firstBatch : secondBatch;
            long? notice = s.Status switch { MerchantStatus.Active => firstNotice, MerchantStatus.Publicised => secondNotice, _ => null };
            var t = Timeline(s.Status, now, today);
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into merchants.merchants (batch_id, union_id, name, credit_code, category, address, latitude, longitude, contact_name,
                    contact_phone_enc, contact_phone_hash, proposed_discount_bp, discount_bp, status, check_passed, check_note, checked_by, checked_at,
                    negotiated_by, negotiated_at, notice_id, activated_at, applied_at)
                values (@batch, @unionId, @Name, @creditCode, @category, @Address, @Lat, @Lng, @Contact, @phoneEnc, @phoneHash, @proposed, @discount, @status,
                    @checkedOk, @checkNote, @checkedBy, @checkedAt, @checkedBy, @checkedAt, @notice, @activatedAt, @appliedAt)
                returning id
                """, new
            {
                batch, unionId, s.Name, creditCode, category = (short)s.Category, s.Address, s.Lat, s.Lng, s.Contact,
                phoneEnc = cipher.Encrypt(PersonalDataPurposes.ContactPhone, s.Phone),
                phoneHash = cipher.LookupHash(PersonalDataPurposes.ContactPhone, s.Phone),
                proposed = Math.Min(s.DiscountBp + 500, 9800),
                discount = s.Status == MerchantStatus.Applied ? (int?)null : s.DiscountBp,
                status = (short)s.Status,
                checkedOk = s.Status == MerchantStatus.Applied ? (bool?)null : true,
                checkNote = s.Status == MerchantStatus.Applied ? null : "营业执照、食品经营许可与门店实地核验一致",
                checkedBy = s.Status == MerchantStatus.Applied ? (long?)null : staffId,
                checkedAt = s.Status == MerchantStatus.Applied ? (DateTime?)null : t.Checked,
                notice,
                activatedAt = active ? t.Activated : (DateTime?)null,
                appliedAt = t.Applied,
            }, tx, cancellationToken: ct));
            await InsertHistoryAsync(conn, tx, id, s, t, staffId, staffName, ct);
            if (s.TillSecret is { } secret)
            {
                var tillId = TillCredentials.Single(t => t.Merchant == s.Name).TillId;
                await conn.ExecuteAsync(new CommandDefinition(
                    "insert into merchants.tills (id, merchant_id, name, secret_hash, created_by, created_at) values (@tillId, @id, '收银台1', @hash, @staffId, @at)",
                    new { tillId, id, hash = TillRegistry.HashSecret(secret), staffId, at = t.Activated }, tx, cancellationToken: ct));
            }
            added++;
        }
        // The tills were given fixed ids: later ones continue after them.
        await conn.ExecuteAsync(new CommandDefinition(
            "select setval(pg_get_serial_sequence('merchants.tills', 'id'), (select max(id) from merchants.tills))", transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        logger.LogWarning("Demo data: {Count} merchants added; demo till credentials (demo only): {Credentials}", added,
            string.Join(", ", TillCredentials.Select(t => $"{t.Merchant} {t.Credential}")));
        return added;
    }

    private static Task<long> InsertBatchAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long unionId, string name, DateOnly opens, DateOnly closes, long staffId,
        CancellationToken ct) =>
        conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into merchants.batches (union_id, name, opens_on, closes_on, notice_days, created_by, created_at)
            values (@unionId, @name, @opens::date, @closes::date, 7, @staffId, @created) returning id
            """, new { unionId, name, opens = opens.ToDateTime(TimeOnly.MinValue), closes = closes.ToDateTime(TimeOnly.MinValue), staffId,
            created = ChinaTime.StartUtc(opens.AddDays(-3)) }, tx, cancellationToken: ct));

    private static Task<long> InsertNoticeAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long batchId, DateTime starts, DateTime ends, long staffId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into merchants.notices (batch_id, starts_at, ends_at, published_by) values (@batchId, @starts, @ends, @staffId) returning id",
            new { batchId, starts, ends, staffId }, tx, cancellationToken: ct));

    private sealed record Times(DateTime Applied, DateTime Checked, DateTime Negotiated, DateTime Publicised, DateTime Activated);

    /// <summary>When each step happened: the active merchants went through the first batch last month, the others are in the current one.</summary>
    private static Times Timeline(MerchantStatus status, DateTime now, DateOnly today) => status == MerchantStatus.Active
        ? new(ChinaTime.StartUtc(today.AddDays(-55)).AddHours(2), ChinaTime.StartUtc(today.AddDays(-50)).AddHours(3), ChinaTime.StartUtc(today.AddDays(-43)).AddHours(3),
            ChinaTime.StartUtc(today.AddDays(-35)).AddHours(1), ChinaTime.StartUtc(today.AddDays(-27)).AddHours(2))
        : new(now.AddDays(-3), now.AddDays(-2), now.AddDays(-1), now.AddHours(-2), now);

    private static async Task InsertHistoryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, Spec s, Times t, long staffId, string staffName, CancellationToken ct)
    {
        var steps = new List<(short? From, short To, string? Reason, int? Discount, bool Staff, DateTime At)> { (null, 1, null, null, false, t.Applied) };
        if (s.Status != MerchantStatus.Applied)
        {
            steps.Add((1, 2, "营业执照、食品经营许可与门店实地核验一致", null, true, t.Checked));
            steps.Add((2, 3, "经议价，会员按约定折扣结算", s.DiscountBp, true, t.Negotiated));
            steps.Add((3, 4, null, null, true, t.Publicised));
        }
        if (s.Status == MerchantStatus.Active) steps.Add((4, 5, null, null, true, t.Activated));
        foreach (var step in steps)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into merchants.status_log (merchant_id, from_status, to_status, reason, discount_bp, staff_id, staff_name, at)
                values (@id, @From, @To, @Reason, @Discount, @staff, @name, @At)
                """, new { id, step.From, step.To, step.Reason, step.Discount, staff = step.Staff ? staffId : (long?)null, name = step.Staff ? staffName : null, step.At },
                tx, cancellationToken: ct));
        }
    }
}
