using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Modules.Wallet.Disbursements.Posting;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Review;

/// <summary>
/// A draft's way to posting: submit (草稿 → 待复核), then a second staff member approves or rejects. Approval is the
/// all-or-nothing step: in ONE transaction the whole total moves from the union fund to the disbursement's in-transit
/// account, the chunks are fixed from the lines in member-id order, and the status becomes 发放中; a short fund refuses
/// it and nothing changes. The posting itself is the worker's (see <see cref="DisbursementPoster"/>).
/// </summary>
internal sealed class ReviewService(
    NpgsqlDataSource dataSource, DisbursementAccess access, ILedger ledger, IdempotentRequests requests, PostingSignal signal,
    IAuditLog audit, IOptions<DisbursementOptions> options, IStringLocalizer<WalletText> l)
{
    public const string AuditSubmitted = "wallet.disbursement-submitted";
    public const string AuditApproved = "wallet.disbursement-approved";
    public const string AuditRejected = "wallet.disbursement-rejected";
    public const string AuditDiscarded = "wallet.disbursement-discarded";
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public async Task SubmitAsync(long id, CancellationToken ct)
    {
        var (scope, union) = await access.RequireAsync(id, Permission.ManageMoney, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var head = await LockAsync(conn, tx, id, ct);
        if (head.Status != DisbursementStatus.Draft) throw NotInState(head.Status, l["只有草稿可以提交复核"]);
        await conn.ExecuteAsync(new CommandDefinition("update wallet.disbursements set status = 2, submitted_at = now() where id = @id", new { id }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditSubmitted, "disbursement", Str(id), union.Id, new { by = scope.StaffId }), tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deletes a draft with its lines (nothing about money happened yet).</summary>
    public async Task DiscardAsync(long id, CancellationToken ct)
    {
        var (_, union) = await access.RequireAsync(id, Permission.ManageMoney, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var head = await LockAsync(conn, tx, id, ct);
        if (head.Status != DisbursementStatus.Draft) throw NotInState(head.Status, l["只有草稿可以删除"]);
        await conn.ExecuteAsync(new CommandDefinition("delete from wallet.disbursements where id = @id", new { id }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditDiscarded, "disbursement", Str(id), union.Id, new { head.Title, head.MemberCount, head.Total }), tx, ct);
        await tx.CommitAsync(ct);
    }

    public async Task RejectAsync(long id, string? reason, CancellationToken ct)
    {
        var (scope, union) = await access.RequireAsync(id, Permission.ApproveMoney, ct);
        var text = (reason ?? "").Trim();
        if (text.Length is < 2 or > 200) throw new InputValidationException("reason", l["请填写驳回理由（2-200字）"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var head = await LockAsync(conn, tx, id, ct);
        if (head.Status != DisbursementStatus.Submitted) throw NotInState(head.Status, l["只有待复核的发放可以驳回"]);
        if (head.CreatedBy == scope.StaffId) throw SamePerson();
        await ReviewedAsync(() => conn.ExecuteAsync(new CommandDefinition("""
            update wallet.disbursements set status = 5, rejected_by = @staffId, rejected_by_name = @name, rejected_at = now(), reject_reason = @text where id = @id
            """, new { id, staffId = scope.StaffId, name = scope.DisplayName, text }, tx, cancellationToken: ct)));
        await audit.WriteAsync(new AuditEntry(AuditRejected, "disbursement", Str(id), union.Id, new { reason = text }), tx, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Approves under an Idempotency-Key (a retry returns the first answer; the same key for another disbursement is 409).
    /// Returns the disbursement id.
    /// </summary>
    public async Task<long> ApproveAsync(long id, string? idempotencyKey, CancellationToken ct)
    {
        var (scope, union) = await access.RequireAsync(id, Permission.ApproveMoney, ct);
        var key = IdempotencyKey.Create(idempotencyKey, $"staff:{scope.StaffId}:disbursement-approval", l, id);
        var result = await requests.RunAsync(key, "disbursement-approval", async tx =>
        {
            var conn = tx.Connection!;
            var head = await LockAsync(conn, tx, id, ct);
            if (head.Status != DisbursementStatus.Submitted) throw NotInState(head.Status, l["只有待复核的发放可以复核通过"]);
            if (head.CreatedBy == scope.StaffId) throw SamePerson();

            var fund = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select balance from wallet.accounts where kind = 2 and owner_id = @unionId", new { unionId = union.Id }, tx, cancellationToken: ct)) ?? 0;
            if (fund < head.Total) throw Short(union.Name, head.Total, fund);
            TransferOutcome reserve;
            try
            {
                reserve = await ledger.TransferAsync(new LedgerTransfer(DisbursementPoster.ReserveKey(id), TransferKind.Disbursement,
                    AccountRef.Fund(union.Id), DisbursementPoster.InTransit(id), head.Total, DisbursementPoster.Reference(id), head.Title, scope.StaffId), tx, ct);
            }
            catch (BusinessRuleException e) when (e.Code == "balance-short")
            {
                throw Short(union.Name, head.Total, null);
            }

            var chunkSize = options.Value.ChunkSize;
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into wallet.disbursement_chunks (disbursement_id, n, from_member_id, to_member_id, members, amount)
                select @id, g::int, min(member_id), max(member_id), count(*), sum(amount)
                from (select member_id, amount, (row_number() over (order by member_id) - 1) / @chunkSize as g
                      from wallet.disbursement_lines where disbursement_id = @id) x
                group by g
                """, new { id, chunkSize }, tx, cancellationToken: ct, commandTimeout: 300));
            var (members, total) = await conn.QuerySingleAsync<(long Members, long Total)>(new CommandDefinition(
                "select coalesce(sum(members), 0)::bigint, coalesce(sum(amount), 0)::bigint from wallet.disbursement_chunks where disbursement_id = @id",
                new { id }, tx, cancellationToken: ct));
            if (members != head.MemberCount || total != head.Total)
                throw new InvalidOperationException($"disbursement {id}: lines ({members}, {total} fen) differ from the head ({head.MemberCount}, {head.Total} fen)");

            var approvedAt = await conn.ExecuteScalarAsync<DateTime>(new CommandDefinition("select now()", transaction: tx, cancellationToken: ct));
            await ReviewedAsync(() => conn.ExecuteAsync(new CommandDefinition("""
                update wallet.disbursements
                set status = 3, approved_by = @staffId, approved_by_name = @name, approved_at = @approvedAt, reserve_transfer_id = @transferId,
                    chunk_size = @chunkSize, expires_at = @expiresAt
                where id = @id
                """, new
            {
                id,
                staffId = scope.StaffId,
                name = scope.DisplayName,
                approvedAt,
                transferId = reserve.TransferId,
                chunkSize,
                expiresAt = ExpiresAt(approvedAt, head.ValidDays),
            }, tx, cancellationToken: ct)));
            await audit.WriteAsync(new AuditEntry(AuditApproved, "disbursement", Str(id), union.Id,
                new { head.MemberCount, head.Total, reserveTransfer = reserve.TransferId }), tx, ct);
            return id;
        }, outcome => Task.FromResult(outcome), ct);
        signal.Wake();
        return result;
    }

    /// <summary>Valid through the <paramref name="validDays"/>-th day counted from the approval day (Beijing time), to its end.</summary>
    public static DateTime? ExpiresAt(DateTime approvedAtUtc, int? validDays)
    {
        if (validDays is not { } days) return null;
        var chinaDay = DateOnly.FromDateTime(approvedAtUtc + ChinaOffset);
        return chinaDay.AddDays(days).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - ChinaOffset;
    }

    private async Task ReviewedAsync(Func<Task<int>> update)
    {
        try
        {
            await update();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation && e.ConstraintName?.StartsWith("disbursements_second_person", StringComparison.Ordinal) == true)
        {
            throw SamePerson();
        }
    }

    private static async Task<Head> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct) =>
        await conn.QuerySingleAsync<Head>(new CommandDefinition("""
            select status as RawStatus, title, member_count as MemberCount, total, created_by as CreatedBy, valid_days as ValidDays
            from wallet.disbursements where id = @id for update
            """, new { id }, tx, cancellationToken: ct));

    private BusinessRuleException SamePerson() =>
        new(l["不能复核自己创建的发放：须由另一位有复核权限的工作人员复核"], "same-person");

    private BusinessRuleException Short(string unionName, long total, long? balance) => balance is { } b
        ? new(l["{0}福利资金余额不足：本次发放共需{1}，当前余额{2}，请先拨入资金", unionName, Money.Yuan(total), Money.Yuan(b)], "fund-short")
        : new(l["{0}福利资金余额不足：本次发放共需{1}，请先拨入资金", unionName, Money.Yuan(total)], "fund-short");

    private BusinessRuleException NotInState(DisbursementStatus status, string message) =>
        new(message + l["（当前状态：{0}）", l[status.Label()]], "wrong-status");

    private static string Str(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Head(short RawStatus, string Title, int MemberCount, long Total, long CreatedBy, int? ValidDays)
    {
        public DisbursementStatus Status => (DisbursementStatus)RawStatus;
    }
}
