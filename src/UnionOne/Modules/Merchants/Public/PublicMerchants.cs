using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Domain;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Merchants.Public;

/// <summary>An active merchant as anyone may see it: no contact person, no phone.</summary>
public sealed record PublicMerchant(long Id, string Name, MerchantCategory Category, string CategoryLabel, int DiscountBasisPoints, string Discount,
    string Address, double? Latitude, double? Longitude, string UnionName);

/// <summary>A merchant on public notice (公示): the licence code and the agreed discount, with the notice period.</summary>
public sealed record NoticeEntry(long Id, string Name, string CreditCode, MerchantCategory Category, string CategoryLabel, int DiscountBasisPoints, string Discount,
    string Address, string BatchName, string UnionName, DateOnly FirstDay, DateOnly LastDay);

/// <summary>The public lists: active merchants (普惠商户名录) and merchants currently on notice (公示名单).</summary>
internal sealed class PublicMerchants(NpgsqlDataSource dataSource, IOrganisationDirectory unions, TimeProvider clock, IStringLocalizer<MerchantsText> l)
{
    public const int MaxRows = 1000;

    public async Task<IReadOnlyList<PublicMerchant>> ActiveAsync(MerchantCategory? category, string? query, CancellationToken ct)
    {
        var q = string.IsNullOrWhiteSpace(query) ? null : query.Trim();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ActiveRow>(new CommandDefinition($"""
            select m.id, m.name, m.category, m.discount_bp as DiscountBp, m.address, m.latitude, m.longitude, m.union_id as UnionId
            from merchants.merchants m
            where m.status = 5 and (@category::smallint is null or m.category = @category)
              and (@q::text is null or m.name like @pattern or m.address like @pattern)
            order by m.category, m.id
            limit {MaxRows}
            """, new { category = (short?)category, q, pattern = q is null ? null : Platform.Database.Like.Containing(q) }, cancellationToken: ct));
        var result = new List<PublicMerchant>();
        foreach (var r in rows)
        {
            var c = (MerchantCategory)r.Category;
            result.Add(new PublicMerchant(r.Id, r.Name, c, MerchantLabels.Category(c, l), r.DiscountBp, MerchantLabels.Discount(r.DiscountBp), r.Address,
                r.Latitude, r.Longitude, (await unions.FindAsync(r.UnionId, ct))?.Name ?? ""));
        }
        return result;
    }

    /// <summary>Merchants whose notice period has not ended yet, the earliest-ending first.</summary>
    public async Task<IReadOnlyList<NoticeEntry>> OnNoticeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<NoticeRow>(new CommandDefinition($"""
            select m.id, m.name, m.credit_code as CreditCode, m.category, m.discount_bp as DiscountBp, m.address, b.name as BatchName, b.union_id as UnionId,
                   n.starts_at as StartsAt, n.ends_at as EndsAt
            from merchants.notices n
            join merchants.merchants m on m.notice_id = n.id and m.status = 4
            join merchants.batches b on b.id = n.batch_id
            where n.ends_at > @now and n.starts_at <= @now
            order by n.ends_at, m.id
            limit {MaxRows}
            """, new { now }, cancellationToken: ct));
        var result = new List<NoticeEntry>();
        foreach (var r in rows)
        {
            var c = (MerchantCategory)r.Category;
            result.Add(new NoticeEntry(r.Id, r.Name, r.CreditCode, c, MerchantLabels.Category(c, l), r.DiscountBp, MerchantLabels.Discount(r.DiscountBp), r.Address,
                r.BatchName, (await unions.FindAsync(r.UnionId, ct))?.Name ?? "", ChinaTime.Day(r.StartsAt), ChinaTime.Day(r.EndsAt.AddSeconds(-1))));
        }
        return result;
    }

    private sealed record ActiveRow(long Id, string Name, short Category, int DiscountBp, string Address, double? Latitude, double? Longitude, long UnionId);

    private sealed record NoticeRow(long Id, string Name, string CreditCode, short Category, int DiscountBp, string Address, string BatchName, long UnionId,
        DateTime StartsAt, DateTime EndsAt);
}
