using Dapper;
using Npgsql;

namespace UnionOne.Modules.Wallet.Settlement.Runs;

/// <summary>
/// What a settlement run may pay each merchant: the receivable from payments and refunds up to the end of the cut-off day, after
/// every settlement already posted (whatever its date), and never more than the receivable holds now (a refund after the
/// cut-off is not paid out first and clawed back later). Computed from the account balance minus the payments and refunds
/// posted after the cut-off, so only those recent postings are read.
/// </summary>
internal static class ReceivableAmounts
{
    public static async Task<Dictionary<long, long>> PayableAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<long> merchantIds, DateOnly cutoff, bool lockAccounts, CancellationToken ct)
    {
        if (merchantIds.Count == 0) return [];
        var ids = merchantIds.ToArray();
        if (lockAccounts)
        {
            // Receivables in account-id order (as wallet.post locks them), so payments and refunds wait rather than change them meanwhile.
            await conn.ExecuteAsync(new CommandDefinition(
                "select 1 from wallet.accounts where kind = 3 and owner_id = any(@ids) order by id for no key update", new { ids }, tx, cancellationToken: ct));
        }
        var rows = await conn.QueryAsync<(long MerchantId, long Balance, long After)>(new CommandDefinition("""
            with receivables as (
                select a.id, a.owner_id, a.balance from wallet.accounts a where a.kind = 3 and a.owner_id = any(@ids)
            ), after_cutoff as (
                select p.account_id, sum(p.amount) as amount
                from wallet.transfers t join wallet.postings p on p.transfer_id = t.id
                where t.created_at >= @cutoffEnd and t.kind in (3, 4) and p.account_id in (select id from receivables)
                group by p.account_id
            )
            select r.owner_id, r.balance, coalesce(x.amount, 0)::bigint
            from receivables r left join after_cutoff x on x.account_id = r.id
            """, new { ids, cutoffEnd = WalletDays.EndUtc(cutoff) }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.MerchantId, r => Math.Min(r.Balance - r.After, r.Balance));
    }
}
