using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Batches;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Review;

/// <summary>The background check (资料背调): passed or failed, with a note (required when failed).</summary>
public sealed record CheckRequest(bool? Passed, string? Note);

/// <summary>The negotiated discount: the share of the price a member pays, in basis points (8500 = 八五折).</summary>
public sealed record DiscountRequest(int? DiscountBasisPoints, string? Note);

public sealed record ReasonRequest(string? Reason);

public sealed record ObjectionRequest(string? Note);

/// <summary>A public notice (公示) of a batch's admitted merchants.</summary>
public sealed record NoticeView(long Id, long BatchId, DateTime StartsAt, DateTime EndsAt, DateOnly FirstDay, DateOnly LastDay, IReadOnlyList<long> MerchantIds);

/// <summary>
/// Staff of the batch's union subtree take an application through recruitment: background check, discount within the
/// category's range, public notice of the batch, objections noted, activation once the notice period has ended; or reject it.
/// </summary>
internal sealed class MerchantReview(
    NpgsqlDataSource dataSource,
    MerchantWrites writes,
    BatchAdmin batches,
    StaffGate gate,
    IAuditLog audit,
    IOptions<MerchantsOptions> options,
    TimeProvider clock,
    IStringLocalizer<MerchantsText> l)
{
    public const string AuditChecked = "merchant.checked";
    public const string AuditNegotiated = "merchant.negotiated";
    public const string AuditPublicised = "merchant.publicised";
    public const string AuditObjection = "merchant.objection";
    public const string AuditActivated = "merchant.activated";
    public const string AuditRejected = "merchant.rejected";

    public async Task CheckAsync(long merchantId, CheckRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors(l);
        if (request.Passed is null) errors.Add("passed", l["请选择背调结果：通过或不通过"]);
        string? note = null;
        if (request.Passed == false) note = MerchantInput.Text(request.Note, 2, 500, "note", l["背调不通过时请填写原因（2至500个字）"], errors, l);
        else if (!string.IsNullOrWhiteSpace(request.Note)) note = MerchantInput.Text(request.Note, 1, 500, "note", l["背调说明最多500个字"], errors, l);
        errors.ThrowIfAny();

        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        var passed = request.Passed!.Value;
        await writes.TransitionAsync(merchant, scope, [MerchantStatus.Applied], passed ? MerchantStatus.Checked : MerchantStatus.Rejected, note,
            l["该申请已完成资料背调或已结束，不能再次记录背调结果"], AuditChecked, ct,
            ", check_passed = @passed, check_note = @reason, checked_by = @staff, checked_at = now()", new { passed });
    }

    public async Task NegotiateAsync(long merchantId, DiscountRequest request, CancellationToken ct)
    {
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        var errors = new FieldErrors(l);
        var discount = MerchantInput.Discount(request.DiscountBasisPoints, merchant.Category, options.Value, "discountBasisPoints", errors, l);
        string? note = null;
        if (!string.IsNullOrWhiteSpace(request.Note)) note = MerchantInput.Text(request.Note, 1, 500, "note", l["议价说明最多500个字"], errors, l);
        errors.ThrowIfAny();

        var conflict = merchant.Status == MerchantStatus.Applied
            ? l["请先完成资料背调，再议定折扣"]
            : l["该商户已公示、已上线或已结束，不能再修改折扣"];
        await writes.TransitionAsync(merchant, scope, [MerchantStatus.Checked, MerchantStatus.Negotiated], MerchantStatus.Negotiated, note, conflict,
            AuditNegotiated, ct, ", discount_bp = @discount, negotiated_by = @staff, negotiated_at = now()", new { discount }, discount);
    }

    /// <summary>Puts every merchant of the batch whose discount is agreed on public notice for the batch's number of days.</summary>
    public async Task<NoticeView> PubliciseAsync(long batchId, CancellationToken ct)
    {
        var batch = await batches.HeadAsync(batchId, ct) ?? throw new NotFoundException(l["未找到该招募批次"]);
        var (scope, union) = await gate.RequireWithScopeAsync(Permission.ManageMerchants, batch.UnionId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var firstDay = ChinaTime.Day(now);
        var lastDay = firstDay.AddDays(batch.NoticeDays - 1);
        var endsAt = ChinaTime.StartUtc(lastDay.AddDays(1));

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var noticeId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into merchants.notices (batch_id, starts_at, ends_at, published_by) values (@batchId, @now, @endsAt, @staff) returning id",
            new { batchId, now, endsAt, staff = scope.StaffId }, tx, cancellationToken: ct));
        var ids = (await conn.QueryAsync<long>(new CommandDefinition("""
            with picked as (select id from merchants.merchants where batch_id = @batchId and status = 3 order by id for update)
            update merchants.merchants m set status = 4, notice_id = @noticeId, updated_at = now()
            from picked where m.id = picked.id
            returning m.id
            """, new { batchId, noticeId }, tx, cancellationToken: ct))).Order().ToList();
        if (ids.Count == 0) throw new BusinessRuleException(l["本批次没有已议定折扣、待公示的商户"]);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into merchants.status_log (merchant_id, from_status, to_status, staff_id, staff_name)
            select id, 3, 4, @staff, @staffName from unnest(@ids) as id
            """, new { ids = ids.ToArray(), staff = scope.StaffId, staffName = scope.DisplayName }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditPublicised, "merchant-batch", MerchantWrites.Id(batchId), union.Id,
            new { noticeId, merchants = ids.Count, firstDay, lastDay }), tx, ct);
        await tx.CommitAsync(ct);
        foreach (var id in ids) writes.Forget(id);
        return new NoticeView(noticeId, batchId, now, endsAt, firstDay, lastDay, ids);
    }

    public async Task ObjectAsync(long merchantId, ObjectionRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors(l);
        var note = MerchantInput.Text(request.Note, 2, 500, "note", l["请填写异议内容（2至500个字）"], errors, l);
        errors.ThrowIfAny();
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var inserted = await conn.ExecuteAsync(new CommandDefinition("""
            insert into merchants.objections (merchant_id, note, recorded_by, recorded_by_name)
            select id, @note, @staff, @staffName from merchants.merchants where id = @merchantId and status = 4
            """, new { merchantId, note, staff = scope.StaffId, staffName = scope.DisplayName }, tx, cancellationToken: ct));
        if (inserted == 0) throw new BusinessRuleException(l["只能对公示中的商户登记异议"]);
        await audit.WriteAsync(new AuditEntry(AuditObjection, "merchant", MerchantWrites.Id(merchantId), merchant.UnionId), tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Activates a publicised merchant once its notice period has ended (409 before).</summary>
    public async Task ActivateAsync(long merchantId, CancellationToken ct)
    {
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        DateTime? endsAt;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            endsAt = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                "select n.ends_at from merchants.merchants m join merchants.notices n on n.id = m.notice_id where m.id = @merchantId and m.status = 4",
                new { merchantId }, cancellationToken: ct));
        }
        if (endsAt is null) throw new BusinessRuleException(l["只有公示中的商户才能上线"]);
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < endsAt)
            throw new BusinessRuleException(l["公示期至{0}结束，公示期满后才能上线", ChinaTime.Date(endsAt.Value.AddSeconds(-1))], "notice-not-ended");
        await writes.TransitionAsync(merchant, scope, [MerchantStatus.Publicised], MerchantStatus.Active, null, l["只有公示中的商户才能上线"],
            AuditActivated, ct, ", activated_at = @now", new { now });
    }

    public async Task RejectAsync(long merchantId, ReasonRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors(l);
        var reason = MerchantInput.Reason(request.Reason, "reason", errors, l);
        errors.ThrowIfAny();
        var (merchant, scope, _) = await writes.RequireAsync(merchantId, Permission.ManageMerchants, ct);
        await writes.TransitionAsync(merchant, scope,
            [MerchantStatus.Applied, MerchantStatus.Checked, MerchantStatus.Negotiated, MerchantStatus.Publicised], MerchantStatus.Rejected, reason,
            l["该商户已上线或已结束，不能驳回（已上线的商户请暂停或退出）"], AuditRejected, ct);
    }
}
