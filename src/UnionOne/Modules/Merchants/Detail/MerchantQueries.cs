using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Modules.Merchants.Tills;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Merchants.Detail;

/// <summary>A merchant (or application) as staff lists show it; the contact phone is masked.</summary>
public sealed record MerchantListItem(
    long Id, long BatchId, long UnionId, string Name, string CreditCode, MerchantCategory Category, string CategoryLabel, string Address,
    double? Latitude, double? Longitude, string ContactName, string ContactPhoneMasked, int ProposedDiscountBasisPoints, int? DiscountBasisPoints,
    string? DiscountLabel, MerchantStatus Status, string StatusLabel, bool? CheckPassed, string? CheckNote, DateTime? NoticeStartsAt, DateTime? NoticeEndsAt,
    bool NoticeEnded, int Objections, DateTime AppliedAt, DateTime? ActivatedAt);

public sealed record StatusLogEntry(long Id, MerchantStatus? From, MerchantStatus To, string ToLabel, string? Reason, int? DiscountBasisPoints, long? StaffId,
    string? StaffName, DateTime At);

public sealed record ObjectionView(long Id, string Note, long RecordedBy, string? RecordedByName, DateTime RecordedAt);

public sealed record MerchantDetail(MerchantListItem Merchant, string BatchName, string UnionName, IReadOnlyList<StatusLogEntry> History,
    IReadOnlyList<ObjectionView> Objections, IReadOnlyList<TillView> Tills);

public sealed record MerchantFilter(long? UnionId = null, long? BatchId = null, MerchantStatus? Status = null, string? Query = null);

/// <summary>Staff reads of merchants in their subtree: lists, one merchant with its history, and the unmasked contact phone (audited).</summary>
internal sealed class MerchantQueries(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    MerchantWrites writes,
    TillAdmin tills,
    IOrganisationDirectory unions,
    IPersonalDataCipher cipher,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<MerchantsText> l)
{
    public const string AuditRevealPhone = "merchant.reveal-phone";
    public const int MaxRows = 500;

    private const string Select = """
        select m.id, m.batch_id as BatchId, m.union_id as UnionId, m.name, m.credit_code as CreditCode, m.category, m.address, m.latitude, m.longitude,
               m.contact_name as ContactName, m.contact_phone_enc as ContactPhoneEnc, m.proposed_discount_bp as ProposedDiscountBp, m.discount_bp as DiscountBp,
               m.status, m.check_passed as CheckPassed, m.check_note as CheckNote, n.starts_at as NoticeStartsAt, n.ends_at as NoticeEndsAt,
               (select count(*) from merchants.objections o where o.merchant_id = m.id)::int as Objections, m.applied_at as AppliedAt, m.activated_at as ActivatedAt
        from merchants.merchants m left join merchants.notices n on n.id = m.notice_id
        """;

    public async Task<IReadOnlyList<MerchantListItem>> ListAsync(MerchantFilter filter, CancellationToken ct)
    {
        var subtree = await gate.SubtreeAsync(Permission.Read, filter.UnionId, ct);
        var q = string.IsNullOrWhiteSpace(filter.Query) ? null : filter.Query.Trim();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            {Select}
            where (@all or m.union_id = any(@unionIds))
              and (@batchId::bigint is null or m.batch_id = @batchId)
              and (@status::smallint is null or m.status = @status)
              and (@q::text is null or m.name like @pattern or m.credit_code = upper(@q))
            order by m.id desc
            limit {MaxRows}
            """, new { all = subtree.All, unionIds = subtree.UnionIds.ToArray(), filter.BatchId, status = (short?)filter.Status, q, pattern = q is null ? null : Platform.Database.Like.Containing(q) }, cancellationToken: ct));
        return rows.Select(Item).ToList();
    }

    public async Task<MerchantDetail> GetAsync(long merchantId, CancellationToken ct)
    {
        var (head, _, union) = await writes.RequireAsync(merchantId, Permission.Read, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleAsync<Row>(new CommandDefinition($"{Select} where m.id = @merchantId", new { merchantId }, cancellationToken: ct));
        var batchName = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "select name from merchants.batches where id = @batchId", new { batchId = head.BatchId }, cancellationToken: ct)) ?? "";
        var history = await conn.QueryAsync<LogRow>(new CommandDefinition("""
            select s.id, s.from_status as FromStatus, s.to_status as ToStatus, s.reason, s.discount_bp as DiscountBp, s.staff_id as StaffId,
                   s.staff_name as StaffName, s.at
            from merchants.status_log s
            where s.merchant_id = @merchantId order by s.id
            """, new { merchantId }, cancellationToken: ct));
        var objections = await conn.QueryAsync<ObjectionView>(new CommandDefinition("""
            select o.id, o.note, o.recorded_by as RecordedBy, o.recorded_by_name as RecordedByName, o.recorded_at as RecordedAt
            from merchants.objections o
            where o.merchant_id = @merchantId order by o.id
            """, new { merchantId }, cancellationToken: ct));
        return new MerchantDetail(Item(row), batchName, union.Name,
            history.Select(h => new StatusLogEntry(h.Id, (MerchantStatus?)h.FromStatus, (MerchantStatus)h.ToStatus, MerchantLabels.Status((MerchantStatus)h.ToStatus, l),
                h.Reason, h.DiscountBp, h.StaffId, h.StaffName, h.At)).ToList(),
            objections.ToList(),
            await tills.ListUncheckedAsync(merchantId, ct));
    }

    /// <summary>The contact phone in full, for a role that may reveal personal data; written to the audit log.</summary>
    public async Task<string> RevealPhoneAsync(long merchantId, CancellationToken ct)
    {
        var (head, _, _) = await writes.RequireAsync(merchantId, Permission.RevealPersonalData, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var enc = await conn.ExecuteScalarAsync<byte[]>(new CommandDefinition(
            "select contact_phone_enc from merchants.merchants where id = @merchantId", new { merchantId }, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditRevealPhone, "merchant", MerchantWrites.Id(merchantId), head.UnionId), null, ct);
        return cipher.Decrypt(PersonalDataPurposes.ContactPhone, enc!);
    }

    /// <summary>The unions whose batches and merchants the caller may manage (for the batch form's choice).</summary>
    public async Task<IReadOnlyList<UnionSummary>> ManagedUnionsAsync(CancellationToken ct)
    {
        var scope = await gate.ScopeAsync(ct);
        var result = new List<UnionSummary>();
        foreach (var id in scope.RootsFor(Permission.ManageMerchants))
            if (await unions.FindAsync(id, ct) is { IsActive: true } u) result.Add(u);
        return result;
    }

    private MerchantListItem Item(Row r)
    {
        var category = (MerchantCategory)r.Category;
        var status = (MerchantStatus)r.Status;
        var now = clock.GetUtcNow().UtcDateTime;
        return new MerchantListItem(r.Id, r.BatchId, r.UnionId, r.Name, r.CreditCode, category, MerchantLabels.Category(category, l), r.Address,
            r.Latitude, r.Longitude, r.ContactName, Mask.Phone(cipher.Decrypt(PersonalDataPurposes.ContactPhone, r.ContactPhoneEnc)),
            r.ProposedDiscountBp, r.DiscountBp, r.DiscountBp is { } bp ? MerchantLabels.Discount(bp) : null, status, MerchantLabels.Status(status, l),
            r.CheckPassed, r.CheckNote, r.NoticeStartsAt, r.NoticeEndsAt, r.NoticeEndsAt is { } ends && now >= ends, r.Objections, r.AppliedAt, r.ActivatedAt);
    }

    private sealed record Row(long Id, long BatchId, long UnionId, string Name, string CreditCode, short Category, string Address, double? Latitude, double? Longitude,
        string ContactName, byte[] ContactPhoneEnc, int ProposedDiscountBp, int? DiscountBp, short Status, bool? CheckPassed, string? CheckNote,
        DateTime? NoticeStartsAt, DateTime? NoticeEndsAt, int Objections, DateTime AppliedAt, DateTime? ActivatedAt);

    private sealed record LogRow(long Id, short? FromStatus, short ToStatus, string? Reason, int? DiscountBp, long? StaffId, string? StaffName, DateTime At);
}
