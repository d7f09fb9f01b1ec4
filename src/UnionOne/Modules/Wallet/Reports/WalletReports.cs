using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Settlement;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Reports;

/// <summary>One month (yyyy-MM, Beijing time) of a subtree's wallet: money disbursed from its funds, what its members spent, refunds, expired money returned, consumption driven (list prices) and member savings.</summary>
public sealed record ReportMonth(string Month, long Disbursed, int Payments, long Spent, long Refunded, long Expired, long Driven, long Savings);

public sealed record ReportMerchant(long MerchantId, string Name, MerchantCategory Category, string CategoryLabel, int Visits, int Members, long Spent, long Refunded, long Driven, long Savings);

public sealed record ReportCategory(MerchantCategory Category, string Label, int Visits, long Spent, long Refunded, long Driven, long Savings);

public sealed record ReportTotals(long Disbursed, int Payments, int Members, long Spent, long Refunded, long Expired, long Driven, long Savings);

/// <summary>统计报表 of a union node's subtree for a range of months. Money in fen; visits are payments (消费人次).</summary>
public sealed record WalletReportView(
    long UnionId,
    string UnionName,
    string From,
    string To,
    ReportTotals Totals,
    IReadOnlyList<ReportMonth> Months,
    IReadOnlyList<ReportCategory> Categories,
    IReadOnlyList<ReportMerchant> Merchants,
    IReadOnlyList<ReportMerchant> TopByAmount,
    IReadOnlyList<ReportMerchant> TopByVisits);

/// <summary>
/// The wallet figures of a subtree. Disbursed and expired come from the ledger (disbursement transfers out of, and expiry
/// transfers into, the welfare funds of the subtree's unions); spending, refunds, consumption driven and savings from the
/// payments of the subtree's members (the member's union when paying) and the refunds of those payments.
/// </summary>
internal sealed class WalletReports(NpgsqlDataSource dataSource, MerchantAccess access, IMerchantDirectory merchants, TimeProvider clock, IStringLocalizer<WalletText> l)
{
    public const int MaxMonths = 36;
    public const int Top = 20;

    public (DateOnly From, DateOnly To) ParsePeriod(string? from, string? to)
    {
        var today = WalletDays.Today(clock);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var start = new DateOnly(today.Year, 1, 1);
        var end = thisMonth;
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrWhiteSpace(from) && !WalletDays.TryParseMonth(from, out start)) errors["from"] = [l["月份格式应为 yyyy-MM，例如 2026-01"]];
        if (!string.IsNullOrWhiteSpace(to) && !WalletDays.TryParseMonth(to, out end)) errors["to"] = [l["月份格式应为 yyyy-MM，例如 2026-01"]];
        if (errors.Count == 0)
        {
            if (end > thisMonth) errors["to"] = [l["结束月份不能晚于本月"]];
            else if (start > end) errors["from"] = [l["开始月份不能晚于结束月份"]];
            else if (Months(start, end) > MaxMonths) errors["from"] = [l["统计期间不能超过{0}个月", MaxMonths]];
        }
        if (errors.Count > 0) throw new InputValidationException(errors, l["统计期间有误"]);
        return (start, end);
    }

    public async Task<WalletReportView> GetAsync(long? unionId, string? from, string? to, Permission permission, CancellationToken ct)
    {
        var (start, end) = ParsePeriod(from, to);
        var (_, union) = await access.UnionAsync(permission, unionId, ct);
        var unions = (await access.SubtreeAsync(union, ct)).ToArray();
        var args = new { unions, start = WalletDays.StartUtc(start), end = WalletDays.StartUtc(end.AddMonths(1)) };

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var spent = (await conn.QueryAsync<(string Month, int Payments, long Spent, long Driven)>(new CommandDefinition("""
            select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM'), count(*)::int, sum(amount)::bigint, sum(list_amount)::bigint
            from wallet.payments
            where union_id = any(@unions) and created_at >= @start and created_at < @end
            group by 1
            """, args, tx, cancellationToken: ct))).ToDictionary(x => x.Month);
        var refunded = (await conn.QueryAsync<(string Month, long Amount)>(new CommandDefinition("""
            select to_char(r.created_at at time zone 'Asia/Shanghai', 'YYYY-MM'), sum(r.amount)::bigint
            from wallet.refunds r join wallet.payments p on p.id = r.payment_id
            where p.union_id = any(@unions) and r.created_at >= @start and r.created_at < @end
            group by 1
            """, args, tx, cancellationToken: ct))).ToDictionary(x => x.Month, x => x.Amount);
        var funds = (await conn.QueryAsync<(string Month, long Disbursed, long Expired)>(new CommandDefinition("""
            select to_char(t.created_at at time zone 'Asia/Shanghai', 'YYYY-MM'),
                   coalesce(-sum(p.amount) filter (where t.kind = 2), 0)::bigint,
                   coalesce(sum(p.amount) filter (where t.kind = 5), 0)::bigint
            from wallet.accounts a
            join wallet.postings p on p.account_id = a.id
            join wallet.transfers t on t.id = p.transfer_id
            where a.kind = 2 and a.owner_id = any(@unions) and t.kind in (2, 5) and t.created_at >= @start and t.created_at < @end
            group by 1
            """, args, tx, cancellationToken: ct))).ToDictionary(x => x.Month);
        var byMerchant = (await conn.QueryAsync<GroupRow>(new CommandDefinition("""
            with paid as (
                select merchant_id, min(category) as category, count(*)::int as visits, count(distinct member_id)::int as members,
                       sum(amount)::bigint as spent, sum(list_amount)::bigint as driven
                from wallet.payments
                where union_id = any(@unions) and created_at >= @start and created_at < @end
                group by merchant_id
            ), back as (
                select p.merchant_id, sum(r.amount)::bigint as refunded
                from wallet.refunds r join wallet.payments p on p.id = r.payment_id
                where p.union_id = any(@unions) and r.created_at >= @start and r.created_at < @end
                group by p.merchant_id
            )
            select coalesce(paid.merchant_id, back.merchant_id) as Key, paid.category as Category, coalesce(paid.visits, 0) as Visits,
                   coalesce(paid.members, 0) as Members, coalesce(paid.spent, 0) as Spent, coalesce(back.refunded, 0) as Refunded,
                   coalesce(paid.driven, 0) as Driven
            from paid full join back on back.merchant_id = paid.merchant_id
            """, args, tx, cancellationToken: ct))).ToList();
        var byCategory = (await conn.QueryAsync<GroupRow>(new CommandDefinition("""
            with paid as (
                select category, count(*)::int as visits, count(distinct member_id)::int as members, sum(amount)::bigint as spent, sum(list_amount)::bigint as driven
                from wallet.payments
                where union_id = any(@unions) and created_at >= @start and created_at < @end
                group by category
            ), back as (
                select p.category, sum(r.amount)::bigint as refunded
                from wallet.refunds r join wallet.payments p on p.id = r.payment_id
                where p.union_id = any(@unions) and r.created_at >= @start and r.created_at < @end
                group by p.category
            )
            select coalesce(paid.category, back.category)::bigint as Key, coalesce(paid.category, back.category) as Category, coalesce(paid.visits, 0) as Visits,
                   coalesce(paid.members, 0) as Members, coalesce(paid.spent, 0) as Spent, coalesce(back.refunded, 0) as Refunded,
                   coalesce(paid.driven, 0) as Driven
            from paid full join back on back.category = paid.category
            """, args, tx, cancellationToken: ct))).ToList();
        var members = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            select count(distinct member_id)::int from wallet.payments
            where union_id = any(@unions) and created_at >= @start and created_at < @end
            """, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        var months = new List<ReportMonth>();
        for (var m = start; m <= end; m = m.AddMonths(1))
        {
            var key = WalletDays.MonthText(m);
            var s = spent.GetValueOrDefault(key);
            var f = funds.GetValueOrDefault(key);
            months.Add(new ReportMonth(key, f.Disbursed, s.Payments, s.Spent, refunded.GetValueOrDefault(key), f.Expired, s.Driven, s.Driven - s.Spent));
        }

        var names = await MerchantNames.LoadAsync(merchants, byMerchant.Select(x => x.Key), l, ct);
        var merchantRows = byMerchant.Select(x =>
        {
            var category = (MerchantCategory)(x.Category ?? (short)(names.Find(x.Key)?.Category ?? MerchantCategory.Other));
            return new ReportMerchant(x.Key, names.Name(x.Key), category, l[MerchantLabels.Category(category)], x.Visits, x.Members, x.Spent, x.Refunded, x.Driven, x.Driven - x.Spent);
        }).OrderByDescending(x => x.Spent).ThenBy(x => x.MerchantId).ToList();
        var categoryRows = byCategory.Select(x =>
        {
            var category = (MerchantCategory)x.Category!.Value;
            return new ReportCategory(category, l[MerchantLabels.Category(category)], x.Visits, x.Spent, x.Refunded, x.Driven, x.Driven - x.Spent);
        }).OrderByDescending(x => x.Spent).ThenBy(x => x.Category).ToList();

        var totals = new ReportTotals(months.Sum(x => x.Disbursed), months.Sum(x => x.Payments), members, months.Sum(x => x.Spent), months.Sum(x => x.Refunded),
            months.Sum(x => x.Expired), months.Sum(x => x.Driven), months.Sum(x => x.Savings));
        return new WalletReportView(union.Id, union.Name, WalletDays.MonthText(start), WalletDays.MonthText(end), totals, months, categoryRows, merchantRows,
            merchantRows.Where(x => x.Spent > 0).Take(Top).ToList(),
            merchantRows.Where(x => x.Visits > 0).OrderByDescending(x => x.Visits).ThenByDescending(x => x.Spent).ThenBy(x => x.MerchantId).Take(Top).ToList());
    }

    private static int Months(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month + 1;

    private sealed record GroupRow(long Key, short? Category, int Visits, int Members, long Spent, long Refunded, long Driven);
}
