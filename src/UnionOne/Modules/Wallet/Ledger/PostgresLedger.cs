using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Ledger;

/// <summary><see cref="ILedger"/> over the wallet schema's SQL functions (wallet.post does the posting in one round trip).</summary>
internal sealed class PostgresLedger(NpgsqlDataSource dataSource, IStringLocalizer<WalletText> l) : ILedger
{
    public async Task<TransferOutcome> TransferAsync(LedgerTransfer t, NpgsqlTransaction? transaction = null, CancellationToken ct = default)
    {
        if (t.Amount <= 0) throw new InputValidationException("amount", l["金额必须大于0（以分为单位的整数）"]);
        if (t.From == t.To) throw new BusinessRuleException(l["不能向同一账户转账"], "same-account");
        return await PostAsync(transaction, ct, async (conn, tx) =>
        {
            var from = await AccountIdAsync(conn, tx, t.From, ct);
            var to = await AccountIdAsync(conn, tx, t.To, ct);
            return await PostCoreAsync(conn, tx, t.IdempotencyKey, t.Kind, [from, to], [-t.Amount, t.Amount], t.Reference, t.Memo, t.StaffId, null,
                t.Terms ?? FundTerms.General, t.SpendCategory, ct);
        });
    }

    public async Task<TransferOutcome> CreditMembersAsync(string idempotencyKey, AccountRef from, IReadOnlyList<long> memberIds, IReadOnlyList<long> amounts,
        FundTerms terms, string? reference, string memo, long? staffId, NpgsqlTransaction? transaction = null, CancellationToken ct = default)
    {
        if (memberIds.Count == 0 || memberIds.Count != amounts.Count) throw new InputValidationException("members", l["发放名单不能为空"]);
        if (amounts.Any(a => a <= 0)) throw new InputValidationException("amount", l["金额必须大于0（以分为单位的整数）"]);
        if (memberIds.Distinct().Count() != memberIds.Count) throw new BusinessRuleException(l["发放名单中有重复的会员"], "duplicate-members");
        return await PostAsync(transaction, ct, async (conn, tx) =>
        {
            var source = await AccountIdAsync(conn, tx, from, ct);
            // Open every member account in one statement, then post one transfer: the source gives the total, each member receives.
            var accounts = (await conn.QueryAsync<(long MemberId, long AccountId)>(new CommandDefinition("""
                insert into wallet.accounts (kind, owner_id, unit, may_go_negative)
                select 1, m, 1, false from unnest(@ids) m
                on conflict (kind, owner_id) do nothing;
                select a.owner_id, a.id from wallet.accounts a join unnest(@ids) m on a.kind = 1 and a.owner_id = m;
                """, new { ids = memberIds.ToArray() }, tx, cancellationToken: ct))).ToDictionary(x => x.MemberId, x => x.AccountId);
            var ids = new long[memberIds.Count + 1];
            var sums = new long[memberIds.Count + 1];
            ids[0] = source;
            long total = 0;
            for (var i = 0; i < memberIds.Count; i++)
            {
                ids[i + 1] = accounts[memberIds[i]];
                sums[i + 1] = amounts[i];
                total = checked(total + amounts[i]);
            }
            sums[0] = -total;
            return await PostCoreAsync(conn, tx, idempotencyKey, TransferKind.Disbursement, ids, sums, reference, memo, staffId, null, terms, null, ct);
        });
    }

    public async Task<TransferOutcome> ReverseAsync(long transferId, string idempotencyKey, string reason, long? staffId, NpgsqlTransaction? transaction = null, CancellationToken ct = default)
    {
        return await PostAsync(transaction, ct, async (conn, tx) =>
        {
            var postings = (await conn.QueryAsync<(long AccountId, long Amount)>(new CommandDefinition(
                "select account_id, amount from wallet.postings where transfer_id = @transferId order by account_id", new { transferId }, tx, cancellationToken: ct))).ToList();
            if (postings.Count == 0) throw new NotFoundException(l["未找到该笔转账"]);
            return await PostCoreAsync(conn, tx, idempotencyKey, TransferKind.Reversal, postings.Select(p => p.AccountId).ToArray(),
                postings.Select(p => -p.Amount).ToArray(), $"transfer:{transferId}", reason, staffId, transferId, FundTerms.General, null, ct);
        });
    }

    public async Task<long> BalanceAsync(AccountRef account, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select balance from wallet.accounts where kind = @kind and owner_id = @owner", new { kind = (short)account.Kind, owner = account.OwnerId }, cancellationToken: ct)) ?? 0;
    }

    public async Task<IReadOnlyDictionary<long, long>> BalancesAsync(AccountKind kind, IReadOnlyCollection<long> ownerIds, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long Owner, long Balance)>(new CommandDefinition(
            "select owner_id, balance from wallet.accounts where kind = @kind and owner_id = any(@owners)", new { kind = (short)kind, owners = ownerIds.ToArray() }, cancellationToken: ct));
        var balances = ownerIds.Distinct().ToDictionary(id => id, _ => 0L);
        foreach (var (owner, balance) in rows) balances[owner] = balance;
        return balances;
    }

    public async Task<IReadOnlyList<MemberFund>> OpenFundsAsync(long memberId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long Id, string Purpose, short[]? Categories, DateTime? ExpiresAt, long Original, long Remaining, DateTime CreatedAt)>(new CommandDefinition("""
            select l.id, l.purpose, l.categories, l.expires_at, l.original, l.remaining, l.created_at
            from wallet.lots l join wallet.accounts a on a.id = l.account_id
            where a.kind = 1 and a.owner_id = @memberId and l.remaining > 0
            order by l.expires_at nulls last, l.id
            """, new { memberId }, cancellationToken: ct));
        return rows.Select(r => new MemberFund(r.Id, r.Purpose, r.Categories?.Select(c => (MerchantCategory)c).ToList(), r.ExpiresAt, r.Original, r.Remaining, r.CreatedAt)).ToList();
    }

    public async Task<IReadOnlyList<AccountMovement>> HistoryAsync(AccountRef account, int take, long? beforeTransferId = null, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long Id, short Kind, long Amount, string? Reference, string Memo, DateTime CreatedAt)>(new CommandDefinition("""
            select t.id, t.kind, p.amount, t.reference, t.memo, t.created_at
            from wallet.accounts a
            join wallet.postings p on p.account_id = a.id
            join wallet.transfers t on t.id = p.transfer_id
            where a.kind = @kind and a.owner_id = @owner and (@before::bigint is null or p.transfer_id < @before)
            order by p.transfer_id desc
            limit @take
            """, new { kind = (short)account.Kind, owner = account.OwnerId, before = beforeTransferId, take = Math.Clamp(take, 1, 500) }, cancellationToken: ct));
        return rows.Select(r => new AccountMovement(r.Id, (TransferKind)r.Kind, r.Amount, r.Reference, r.Memo, r.CreatedAt)).ToList();
    }

    public async Task<IReadOnlyList<InvariantResult>> CheckInvariantsAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<(string Rule, long Violations)>(new CommandDefinition("select rule, violations from wallet.check_invariants()", cancellationToken: ct)))
            .Select(r => new InvariantResult(r.Rule, r.Violations)).ToList();
    }

    private async Task<TransferOutcome> PostAsync(NpgsqlTransaction? transaction, CancellationToken ct, Func<NpgsqlConnection, NpgsqlTransaction, Task<TransferOutcome>> post)
    {
        try
        {
            if (transaction is not null) return await post(transaction.Connection!, transaction);
            for (var attempt = 1; ; attempt++)
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                await using var tx = await conn.BeginTransactionAsync(ct);
                try
                {
                    var outcome = await post(conn, tx);
                    await tx.CommitAsync(ct);
                    return outcome;
                }
                catch (PostgresException e) when (LedgerErrors.IsTransient(e) && attempt < 3)
                {
                    // Rolled back whole (a deadlock with another transfer): run it again.
                }
            }
        }
        catch (PostgresException e) when (LedgerErrors.Translate(e, l) is { } refusal)
        {
            throw refusal;
        }
    }

    private static async Task<long> AccountIdAsync(NpgsqlConnection conn, NpgsqlTransaction tx, AccountRef account, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition("select wallet.account(@kind::smallint, @owner)", new { kind = (short)account.Kind, owner = account.OwnerId }, tx, cancellationToken: ct));

    private static async Task<TransferOutcome> PostCoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key, TransferKind kind, long[] accounts, long[] amounts,
        string? reference, string memo, long? staffId, long? reverses, FundTerms terms, MerchantCategory? spendCategory, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            select transfer_id, replayed from wallet.post($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<string>{ TypedValue = key });
        cmd.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)kind });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = accounts });
        cmd.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = amounts });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)reference ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = memo ?? "" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)staffId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)reverses ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = terms.Purpose ?? "" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = terms.Categories is null ? DBNull.Value : terms.Categories.Select(c => (short)c).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)terms.ExpiresAtUtc ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spendCategory is null ? DBNull.Value : (short)spendCategory.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new TransferOutcome(reader.GetInt64(0), reader.GetBoolean(1));
    }
}
