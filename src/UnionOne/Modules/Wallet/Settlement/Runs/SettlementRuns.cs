using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.Idempotency;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Wallet.Settlement.Runs;

/// <summary>
/// Settlement runs (结算批次). A staff member with ManageMoney prepares a run for the merchants of their union's subtree up to a
/// cut-off day: each merchant's payable receivable becomes a line with the payee copied in (merchants without payee details,
/// or already in another prepared run, are listed as skipped and not paid). A different staff member with ApproveMoney
/// approves: in ONE transaction every line is posted to the ledger (Settlement, MerchantReceivable → MerchantSettled, key
/// "settle:{run}:{merchant}") and the run is marked settled; approving again posts nothing. Either may cancel a prepared run.
/// </summary>
internal sealed class SettlementRuns(
    NpgsqlDataSource dataSource,
    MerchantAccess access,
    StaffGate gate,
    IOrganisationDirectory unions,
    IMerchantDirectory merchants,
    ILedger ledger,
    IdempotentRequests requests,
    IAuditLog audit,
    IPersonalDataCipher cipher,
    TimeProvider clock,
    IStringLocalizer<WalletText> l)
{
    public const string PreparedAction = "wallet.settlement-prepared";
    public const string ApprovedAction = "wallet.settlement-approved";
    public const string CancelledAction = "wallet.settlement-cancelled";

    /// <summary>The cut-off day: a finished Beijing day (yesterday at the latest), not before 2020.</summary>
    public DateOnly ParseCutoff(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InputValidationException("cutoffDay", l["请选择结算截止日期"]);
        if (!WalletDays.TryParseDay(text, out var day)) throw new InputValidationException("cutoffDay", l["日期格式应为 yyyy-MM-dd，例如 2026-11-20"]);
        var today = WalletDays.Today(clock);
        if (day >= today) throw new InputValidationException("cutoffDay", l["结算截止日期必须早于今天：只能结算已经结束的日期"]);
        if (day < new DateOnly(2020, 1, 1)) throw new InputValidationException("cutoffDay", l["结算截止日期不能早于2020年1月1日"]);
        return day;
    }

    public async Task<SettlementRunView> PrepareAsync(NewSettlementRun input, string? idempotencyKey, CancellationToken ct)
    {
        if (input.UnionId is null) throw new InputValidationException("unionId", l["请选择工会"]);
        var cutoff = ParseCutoff(input.CutoffDay);
        var (scope, union) = await gate.RequireWithScopeAsync(Permission.ManageMoney, input.UnionId.Value, ct);
        if (!union.IsActive) throw new BusinessRuleException(l["该工会已合并或注销，不能发起结算"]);
        var key = IdempotencyKey.Create(idempotencyKey, $"staff:{scope.StaffId}:settlement-prepare", l, union.Id, WalletDays.Text(cutoff));
        var recruited = await access.MerchantsOfAsync(union, ct);
        return await requests.RunAsync(key, "settlement-run",
            tx => CreateAsync(tx, union, cutoff, recruited, scope, ct),
            id => LoadAsync(id, ct), ct);
    }

    private async Task<long> CreateAsync(NpgsqlTransaction tx, UnionSummary union, DateOnly cutoff, IReadOnlyList<MerchantRef> recruited, StaffScope scope, CancellationToken ct)
    {
        var conn = tx.Connection!;
        var payable = (await ReceivableAmounts.PayableAsync(conn, tx, recruited.Select(m => m.Id).ToList(), cutoff, lockAccounts: false, ct))
            .Where(x => x.Value > 0).ToDictionary();
        if (payable.Count == 0)
            throw new BusinessRuleException(l["截至{0}，本工会及下级工会招募的商户没有需要结算的应收款", WalletDays.Text(cutoff)], "nothing-to-settle");
        var ids = payable.Keys.ToArray();
        var payees = (await conn.QueryAsync<(long MerchantId, string AccountName, string BankName, byte[] Number)>(new CommandDefinition(
            "select merchant_id, account_name, bank_name, account_number from wallet.merchant_payees where merchant_id = any(@ids)",
            new { ids }, tx, cancellationToken: ct))).ToDictionary(p => p.MerchantId);
        var open = (await conn.QueryAsync<long>(new CommandDefinition(
            "select merchant_id from wallet.settlement_lines where state = 1 and merchant_id = any(@ids)", new { ids }, tx, cancellationToken: ct))).ToHashSet();

        var ordered = recruited.Where(m => payable.ContainsKey(m.Id)).ToList();
        var paying = ordered.Where(m => payees.ContainsKey(m.Id) && !open.Contains(m.Id)).ToList();
        var skipped = ordered.Where(m => !paying.Contains(m)).ToList();
        if (paying.Count == 0)
        {
            var noPayee = skipped.Count(m => !payees.ContainsKey(m.Id));
            throw new BusinessRuleException(l["没有可结算的商户：{0}家商户缺少收款账户信息，{1}家商户已在其他待复核批次中。请先登记收款账户或处理待复核批次。",
                noPayee, skipped.Count - noPayee], "nothing-to-settle");
        }

        var total = paying.Sum(m => payable[m.Id]);
        var runId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into wallet.settlement_runs (union_id, cutoff_day, merchant_count, total_amount, created_by, created_by_name)
            values (@unionId, @cutoff::date, @count, @total, @staff, @name)
            returning id
            """, new { unionId = union.Id, cutoff = cutoff.ToDateTime(TimeOnly.MinValue), count = paying.Count, total, staff = scope.StaffId, name = scope.DisplayName },
            tx, cancellationToken: ct));
        var seq = 0;
        var lines = paying.Select(m => new NewLine(m.Id, ++seq, payable[m.Id], LineState.Pending, null, payees[m.Id].AccountName, payees[m.Id].BankName, payees[m.Id].Number))
            .Concat(skipped.Select(m => new NewLine(m.Id, ++seq, payable[m.Id], LineState.Skipped,
                payees.ContainsKey(m.Id) ? LineState.InOtherRun : LineState.NoPayee, null, null, null)))
            .ToList();
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into wallet.settlement_lines (run_id, merchant_id, seq, amount, state, skip_reason, account_name, bank_name, account_number)
                values (@RunId, @MerchantId, @Seq, @Amount, @State, @SkipReason, @AccountName, @BankName, @AccountNumber)
                """, lines.Select(x => new { RunId = runId, x.MerchantId, x.Seq, x.Amount, x.State, x.SkipReason, x.AccountName, x.BankName, x.AccountNumber }),
                tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "settlement_lines_one_open_run")
        {
            throw new BusinessRuleException(l["部分商户刚被加入另一个待复核的结算批次，请刷新后重试"], "merchant-in-open-run");
        }
        await audit.WriteAsync(new AuditEntry(PreparedAction, "settlement-run", runId.ToString(CultureInfo.InvariantCulture), union.Id,
            new { cutoff = WalletDays.Text(cutoff), merchants = paying.Count, total, skipped = skipped.Count }), tx, ct);
        return runId;
    }

    public async Task<SettlementRunView> ApproveAsync(long runId, string? idempotencyKey, CancellationToken ct)
    {
        var (run, scope, _) = await RequireAsync(runId, Permission.ApproveMoney, ct);
        var key = IdempotencyKey.Create(idempotencyKey, $"staff:{scope.StaffId}:settlement-approve", l, runId);
        if (run.CreatedBy == scope.StaffId) throw SamePerson();
        return await requests.RunAsync(key, "settlement-run", tx => PostAsync(tx, runId, scope, ct), id => LoadAsync(id, ct), ct);
    }

    private async Task<long> PostAsync(NpgsqlTransaction tx, long runId, StaffScope scope, CancellationToken ct)
    {
        var conn = tx.Connection!;
        var run = await conn.QuerySingleAsync<RunRow>(new CommandDefinition(
            RunSelect + " where r.id = @runId for update", new { runId }, tx, cancellationToken: ct));
        if (run.Status == RunStatus.Settled) return runId; // approved before: nothing is posted again
        if (run.Status == RunStatus.Cancelled) throw new BusinessRuleException(l["该结算批次已撤销，不能复核"], "run-cancelled");
        if (run.CreatedBy == scope.StaffId) throw SamePerson();

        var lines = (await conn.QueryAsync<(long MerchantId, long Amount)>(new CommandDefinition(
            "select merchant_id, amount from wallet.settlement_lines where run_id = @runId and state = 1 order by seq", new { runId }, tx, cancellationToken: ct))).ToList();
        var now = await ReceivableAmounts.PayableAsync(conn, tx, lines.Select(x => x.MerchantId).ToList(), run.CutoffDay, lockAccounts: true, ct);
        var changed = lines.Where(x => now.GetValueOrDefault(x.MerchantId) != x.Amount).Select(x => x.MerchantId).ToList();
        if (changed.Count > 0)
        {
            var names = await MerchantNames.LoadAsync(merchants, changed, l, ct);
            throw new BusinessRuleException(l["制单后以下商户的应收款发生了变化（例如有退款），请撤销本批次后重新制单：{0}",
                string.Join("、", changed.Select(names.Name))], "receivable-changed");
        }

        var memo = SettlementMemo.For(runId, run.CutoffDay);
        var transfers = new List<long>(lines.Count);
        foreach (var (merchantId, amount) in lines)
        {
            var outcome = await ledger.TransferAsync(new LedgerTransfer(SettlementMemo.TransferKey(runId, merchantId), TransferKind.Settlement,
                new AccountRef(AccountKind.MerchantReceivable, merchantId), new AccountRef(AccountKind.MerchantSettled, merchantId), amount,
                $"settlement:{runId.ToString(CultureInfo.InvariantCulture)}", memo, scope.StaffId), tx, ct);
            transfers.Add(outcome.TransferId);
        }
        await conn.ExecuteAsync(new CommandDefinition("""
            update wallet.settlement_lines l set state = 2, transfer_id = x.transfer_id
            from unnest(@merchantIds, @transferIds) as x(merchant_id, transfer_id)
            where l.run_id = @runId and l.merchant_id = x.merchant_id and l.state = 1
            """, new { runId, merchantIds = lines.Select(x => x.MerchantId).ToArray(), transferIds = transfers.ToArray() }, tx, cancellationToken: ct));
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                update wallet.settlement_runs set status = 2, approved_by = @staff, approved_by_name = @name, approved_at = now()
                where id = @runId and status = 1
                """, new { runId, staff = scope.StaffId, name = scope.DisplayName }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.ConstraintName == "settlement_second_person")
        {
            throw SamePerson();
        }
        await audit.WriteAsync(new AuditEntry(ApprovedAction, "settlement-run", runId.ToString(CultureInfo.InvariantCulture), run.UnionId,
            new { merchants = lines.Count, total = lines.Sum(x => x.Amount) }), tx, ct);
        return runId;
    }

    public async Task<SettlementRunView> CancelAsync(long runId, CancelSettlementRun input, CancellationToken ct)
    {
        var reason = (input.Reason ?? "").Trim();
        if (reason.Length is < 2 or > 200) throw new InputValidationException("reason", l["请填写撤销原因（2至200个字）"]);
        var (run, scope, union) = await RequireAsync(runId, Permission.Read, ct);
        if (!scope.Can(Permission.ManageMoney, union) && !scope.Can(Permission.ApproveMoney, union)) throw new ForbiddenException(l["您的角色无权执行此操作"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var status = await conn.ExecuteScalarAsync<short>(new CommandDefinition(
            "select status from wallet.settlement_runs where id = @runId for update", new { runId }, tx, cancellationToken: ct));
        if (status == RunStatus.Settled) throw new BusinessRuleException(l["该结算批次已复核入账，不能撤销"], "run-settled");
        if (status == RunStatus.Cancelled) throw new BusinessRuleException(l["该结算批次已撤销"], "run-cancelled");
        await conn.ExecuteAsync(new CommandDefinition("""
            update wallet.settlement_lines set state = 3 where run_id = @runId and state = 1;
            update wallet.settlement_runs set status = 3, cancelled_by = @staff, cancelled_by_name = @name, cancelled_at = now(), cancel_reason = @reason
            where id = @runId and status = 1;
            """, new { runId, staff = scope.StaffId, name = scope.DisplayName, reason }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(CancelledAction, "settlement-run", runId.ToString(CultureInfo.InvariantCulture), run.UnionId, new { reason }), tx, ct);
        await tx.CommitAsync(ct);
        return await LoadAsync(runId, ct);
    }

    public async Task<SettlementRunView> GetAsync(long runId, CancellationToken ct)
    {
        await RequireAsync(runId, Permission.Read, ct);
        return await LoadAsync(runId, ct);
    }

    /// <summary>Runs of the union's subtree (or of every subtree the caller can read), newest first.</summary>
    public async Task<IReadOnlyList<SettlementRunSummary>> ListAsync(long? unionId, int take, CancellationToken ct)
    {
        var filter = await gate.SubtreeAsync(Permission.Read, unionId, ct);
        if (!filter.All && filter.UnionIds.Count == 0) return [];
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RunRow>(new CommandDefinition(
            RunSelect + " where (@all or r.union_id = any(@ids)) order by r.id desc limit @take",
            new { all = filter.All, ids = filter.UnionIds.ToArray(), take = Math.Clamp(take, 1, 500) }, cancellationToken: ct));
        var list = new List<SettlementRunSummary>();
        foreach (var row in rows) list.Add(await SummaryAsync(row, ct));
        return list;
    }

    /// <summary>The run when the caller may do <paramref name="permission"/> on its union (404 outside the subtree, 403 without the role).</summary>
    public async Task<(RunRow Run, StaffScope Scope, UnionSummary Union)> RequireAsync(long runId, Permission permission, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var run = await conn.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(RunSelect + " where r.id = @runId", new { runId }, cancellationToken: ct))
            ?? throw new NotFoundException(l["未找到该结算批次"]);
        try
        {
            var (scope, union) = await gate.RequireWithScopeAsync(permission, run.UnionId, ct);
            return (run, scope, union);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该结算批次"]);
        }
    }

    public async Task<SettlementRunView> LoadAsync(long runId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var run = await conn.QuerySingleAsync<RunRow>(new CommandDefinition(RunSelect + " where r.id = @runId", new { runId }, cancellationToken: ct));
        var lines = (await conn.QueryAsync<LineRow>(new CommandDefinition("""
            select merchant_id as MerchantId, seq, amount, state, skip_reason as SkipReason, account_name as AccountName, bank_name as BankName,
                   account_number as AccountNumber, transfer_id as TransferId
            from wallet.settlement_lines where run_id = @runId order by seq
            """, new { runId }, cancellationToken: ct))).ToList();
        var names = await MerchantNames.LoadAsync(merchants, lines.Select(x => x.MerchantId), l, ct);
        var views = lines.Select(x => new SettlementLineView(x.Seq, x.MerchantId, names.Name(x.MerchantId), x.Amount, LineState.Code(x.State),
            x.AccountName, x.BankName, x.AccountNumber is null ? null : Payees.PayeeService.MaskAccount(Decrypt(x.AccountNumber)),
            x.SkipReason is { } r ? l[LineState.SkipLabel(r)].Value : null, x.TransferId)).ToList();
        return new SettlementRunView(await SummaryAsync(run, ct), run.CreatedBy, run.CancelledByName, run.CancelledAt, run.CancelReason,
            SettlementMemo.For(run.Id, run.CutoffDay), views.Where(v => v.State != "skipped").ToList(), views.Where(v => v.State == "skipped").ToList());
    }

    private string Decrypt(byte[] cipherText) => cipher.Decrypt(PersonalDataPurposes.BankAccount, cipherText);

    private async Task<SettlementRunSummary> SummaryAsync(RunRow r, CancellationToken ct)
    {
        var union = await unions.FindAsync(r.UnionId, ct);
        return new SettlementRunSummary(r.Id, r.UnionId, union?.Name ?? "", r.CutoffDay, RunStatus.Code(r.Status), l[RunStatus.Label(r.Status)],
            r.MerchantCount, r.TotalAmount, r.CreatedByName, r.CreatedAt, r.ApprovedByName, r.ApprovedAt);
    }

    private BusinessRuleException SamePerson() =>
        new(l["复核人不能是制单人：请由另一位有复核权限的工作人员复核"], "same-person");

    private const string RunSelect = """
        select r.id, r.union_id as UnionId, r.cutoff_day as CutoffDay, r.status, r.merchant_count as MerchantCount, r.total_amount as TotalAmount,
               r.created_by as CreatedBy, r.created_by_name as CreatedByName, r.created_at as CreatedAt,
               r.approved_by as ApprovedBy, r.approved_by_name as ApprovedByName, r.approved_at as ApprovedAt,
               r.cancelled_by_name as CancelledByName, r.cancelled_at as CancelledAt, r.cancel_reason as CancelReason
        from wallet.settlement_runs r
        """;

    internal sealed record RunRow(long Id, long UnionId, DateOnly CutoffDay, short Status, int MerchantCount, long TotalAmount,
        long CreatedBy, string CreatedByName, DateTime CreatedAt, long? ApprovedBy, string? ApprovedByName, DateTime? ApprovedAt,
        string? CancelledByName, DateTime? CancelledAt, string? CancelReason);

    private sealed record NewLine(long MerchantId, int Seq, long Amount, short State, short? SkipReason, string? AccountName, string? BankName, byte[]? AccountNumber);

    private sealed record LineRow(long MerchantId, int Seq, long Amount, short State, short? SkipReason, string? AccountName, string? BankName, byte[]? AccountNumber, long? TransferId);
}
