using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Settlement.Reconciliation;

/// <summary>
/// One merchant's receivable over the period. Opening and closing come from the ledger (postings before the period's start and
/// end); payments, refunds and settlements from the business records (wallet.payments, wallet.refunds, paid settlement lines).
/// Expected = opening + payments − refunds − settled; Difference = closing − expected, zero when every movement of the
/// receivable has its record and every record its posting.
/// </summary>
public sealed record MerchantReconciliation(long MerchantId, string Name, long Opening, long Payments, long Refunds, long Settled, long Expected, long Closing, long Difference);

/// <summary>
/// One union fund over the period (from the ledger): topped up − disbursed + expired returned (+ other: reversals, adjustments)
/// = change. Difference = (closing − opening) − that sum, and, when the period reaches today, closing − the fund's balance.
/// </summary>
public sealed record FundReconciliation(long UnionId, string Name, long Opening, long ToppedUp, long Disbursed, long ExpiredReturned, long Other, long Change, long Closing, long Difference);

public sealed record ReconciliationView(
    long UnionId,
    string UnionName,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<MerchantReconciliation> Merchants,
    MerchantReconciliation MerchantTotals,
    IReadOnlyList<FundReconciliation> Funds,
    FundReconciliation FundTotals,
    IReadOnlyList<InvariantResult> Invariants,
    bool Balanced);

/// <summary>对账/勾稽: the reconciliation report of a union subtree for a period of Beijing days, to the fen.</summary>
internal sealed class ReconciliationReport(
    NpgsqlDataSource dataSource,
    MerchantAccess access,
    IOrganisationDirectory unions,
    ILedger ledger,
    TimeProvider clock,
    IStringLocalizer<WalletText> l)
{
    public (DateOnly From, DateOnly To) ParsePeriod(string? from, string? to)
    {
        var today = WalletDays.Today(clock);
        var errors = new Dictionary<string, string[]>();
        var start = new DateOnly(today.Year, today.Month, 1);
        var end = today;
        if (!string.IsNullOrWhiteSpace(from) && !WalletDays.TryParseDay(from, out start)) errors["from"] = [l["日期格式应为 yyyy-MM-dd，例如 2026-11-20"]];
        if (!string.IsNullOrWhiteSpace(to) && !WalletDays.TryParseDay(to, out end)) errors["to"] = [l["日期格式应为 yyyy-MM-dd，例如 2026-11-20"]];
        if (errors.Count == 0)
        {
            if (end > today) errors["to"] = [l["结束日期不能晚于今天"]];
            else if (start > end) errors["from"] = [l["开始日期不能晚于结束日期"]];
            else if (end.DayNumber - start.DayNumber > 3660) errors["from"] = [l["对账期间不能超过10年"]];
        }
        if (errors.Count > 0) throw new InputValidationException(errors, l["对账期间有误"]);
        return (start, end);
    }

    public async Task<ReconciliationView> GetAsync(long? unionId, string? from, string? to, CancellationToken ct)
    {
        var (start, end) = ParsePeriod(from, to);
        var (_, union) = await access.UnionAsync(Permission.Read, unionId, ct);
        var merchants = await access.MerchantsOfAsync(union, ct);
        var unionIds = await access.SubtreeAsync(union, ct);
        var startUtc = WalletDays.StartUtc(start);
        var endUtc = WalletDays.EndUtc(end);
        var reachesNow = end >= WalletDays.Today(clock);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for every figure: a payment committing meanwhile is either in all of them or in none.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var merchantIds = merchants.Select(m => m.Id).ToArray();
        var m = (await conn.QueryAsync<MerchantRow>(new CommandDefinition("""
            with ids as (select unnest(@merchantIds::bigint[]) as merchant_id),
            ledger as (
                select a.owner_id as merchant_id,
                       coalesce(sum(p.amount) filter (where t.created_at < @startUtc), 0) as opening,
                       coalesce(sum(p.amount) filter (where t.created_at < @endUtc), 0) as closing
                from wallet.accounts a
                join wallet.postings p on p.account_id = a.id
                join wallet.transfers t on t.id = p.transfer_id
                where a.kind = 3 and a.owner_id = any(@merchantIds)
                group by a.owner_id
            ),
            paid as (
                select merchant_id, sum(amount) as amount from wallet.payments
                where merchant_id = any(@merchantIds) and created_at >= @startUtc and created_at < @endUtc
                group by merchant_id
            ),
            refunded as (
                select p.merchant_id, sum(r.amount) as amount
                from wallet.refunds r join wallet.payments p on p.id = r.payment_id
                where p.merchant_id = any(@merchantIds) and r.created_at >= @startUtc and r.created_at < @endUtc
                group by p.merchant_id
            ),
            settled as (
                select l.merchant_id, sum(l.amount) as amount
                from wallet.settlement_lines l join wallet.settlement_runs r on r.id = l.run_id
                where l.state = 2 and l.merchant_id = any(@merchantIds) and r.approved_at >= @startUtc and r.approved_at < @endUtc
                group by l.merchant_id
            )
            select ids.merchant_id as MerchantId,
                   coalesce(ledger.opening, 0)::bigint as Opening, coalesce(paid.amount, 0)::bigint as Payments,
                   coalesce(refunded.amount, 0)::bigint as Refunds, coalesce(settled.amount, 0)::bigint as Settled,
                   coalesce(ledger.closing, 0)::bigint as Closing
            from ids
            left join ledger using (merchant_id) left join paid using (merchant_id)
            left join refunded using (merchant_id) left join settled using (merchant_id)
            """, new { merchantIds, startUtc, endUtc }, tx, cancellationToken: ct))).ToDictionary(r => r.MerchantId);

        var funds = (await conn.QueryAsync<FundRow>(new CommandDefinition("""
            select a.owner_id as UnionId, a.balance as Balance,
                   coalesce(sum(p.amount) filter (where t.created_at < @startUtc), 0)::bigint as Opening,
                   coalesce(sum(p.amount) filter (where t.created_at >= @startUtc and t.created_at < @endUtc and t.kind = 1), 0)::bigint as ToppedUp,
                   coalesce(-sum(p.amount) filter (where t.created_at >= @startUtc and t.created_at < @endUtc and t.kind = 2), 0)::bigint as Disbursed,
                   coalesce(sum(p.amount) filter (where t.created_at >= @startUtc and t.created_at < @endUtc and t.kind = 5), 0)::bigint as Expired,
                   coalesce(sum(p.amount) filter (where t.created_at >= @startUtc and t.created_at < @endUtc and t.kind not in (1, 2, 5)), 0)::bigint as Other,
                   coalesce(sum(p.amount) filter (where t.created_at < @endUtc), 0)::bigint as Closing
            from wallet.accounts a
            left join wallet.postings p on p.account_id = a.id
            left join wallet.transfers t on t.id = p.transfer_id
            where a.kind = 2 and a.owner_id = any(@unionIds)
            group by a.owner_id, a.balance
            """, new { unionIds = unionIds.ToArray(), startUtc, endUtc }, tx, cancellationToken: ct))).ToList();
        await tx.CommitAsync(ct);

        var merchantRows = merchants.Where(x => m.ContainsKey(x.Id)).Select(x =>
        {
            var r = m[x.Id];
            var expected = r.Opening + r.Payments - r.Refunds - r.Settled;
            return new MerchantReconciliation(x.Id, x.Name, r.Opening, r.Payments, r.Refunds, r.Settled, expected, r.Closing, r.Closing - expected);
        }).Where(x => x.Opening != 0 || x.Payments != 0 || x.Refunds != 0 || x.Settled != 0 || x.Closing != 0).ToList();
        var merchantTotals = new MerchantReconciliation(0, l["合计"], merchantRows.Sum(x => x.Opening), merchantRows.Sum(x => x.Payments),
            merchantRows.Sum(x => x.Refunds), merchantRows.Sum(x => x.Settled), merchantRows.Sum(x => x.Expected), merchantRows.Sum(x => x.Closing),
            merchantRows.Sum(x => x.Difference));

        var fundRows = new List<FundReconciliation>();
        foreach (var f in funds.OrderBy(f => f.UnionId))
        {
            var change = f.ToppedUp - f.Disbursed + f.Expired + f.Other;
            var difference = (f.Closing - f.Opening) - change + (reachesNow ? f.Closing - f.Balance : 0);
            fundRows.Add(new FundReconciliation(f.UnionId, (await unions.FindAsync(f.UnionId, ct))?.Name ?? "", f.Opening, f.ToppedUp, f.Disbursed, f.Expired,
                f.Other, change, f.Closing, difference));
        }
        var fundTotals = new FundReconciliation(0, l["合计"], fundRows.Sum(x => x.Opening), fundRows.Sum(x => x.ToppedUp), fundRows.Sum(x => x.Disbursed),
            fundRows.Sum(x => x.ExpiredReturned), fundRows.Sum(x => x.Other), fundRows.Sum(x => x.Change), fundRows.Sum(x => x.Closing), fundRows.Sum(x => x.Difference));

        var invariants = await ledger.CheckInvariantsAsync(ct);
        var balanced = merchantRows.All(x => x.Difference == 0) && fundRows.All(x => x.Difference == 0) && invariants.All(i => i.Violations == 0);
        return new ReconciliationView(union.Id, union.Name, start, end, merchantRows, merchantTotals, fundRows, fundTotals, invariants, balanced);
    }

    private sealed record MerchantRow(long MerchantId, long Opening, long Payments, long Refunds, long Settled, long Closing);

    private sealed record FundRow(long UnionId, long Balance, long Opening, long ToppedUp, long Disbursed, long Expired, long Other, long Closing);
}
