using Dapper;
using Npgsql;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Wallet.Coupons;

/// <summary>A union's coupon for a merchant category (快递八五折, 3 times per member per month) within its dates.</summary>
public sealed record Coupon(long Id, long UnionId, string Name, MerchantCategory Category, int DiscountBasisPoints, int UsesPerMonth,
    DateOnly StartsOn, DateOnly EndsOn, DateTime? WithdrawnAt);

/// <summary>The coupons in force, held in memory (reloaded every 10 s and whenever one is created or withdrawn): a till asks on every payment.</summary>
internal sealed class CouponBook(NpgsqlDataSource dataSource, IOrganisationDirectory organisations, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);
    private volatile Snapshot? snapshot;

    private sealed record Snapshot(IReadOnlyList<Coupon> Coupons, DateTimeOffset LoadedAt);

    public void Invalidate() => snapshot = null;

    /// <summary>The coupon giving the lowest price for a member of <paramref name="memberUnionId"/> at a merchant of this category today, if any.</summary>
    public async Task<Coupon?> BestForAsync(MerchantCategory category, long memberUnionId, DateOnly today, CancellationToken ct)
    {
        var current = snapshot;
        if (current is null || clock.GetUtcNow() - current.LoadedAt > MaxAge)
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var rows = await conn.QueryAsync<(long Id, long UnionId, string Name, short Category, int Bp, int Uses, DateOnly Starts, DateOnly Ends, DateTime? Withdrawn)>(new CommandDefinition("""
                select id, union_id, name, category, discount_bp, uses_per_month, starts_on, ends_on, withdrawn_at
                from wallet.coupons where withdrawn_at is null and ends_on >= current_date - 1
                """, cancellationToken: ct));
            snapshot = current = new Snapshot(
                rows.Select(r => new Coupon(r.Id, r.UnionId, r.Name, (MerchantCategory)r.Category, r.Bp, r.Uses, r.Starts, r.Ends, r.Withdrawn)).ToList(),
                clock.GetUtcNow());
        }
        var candidates = current.Coupons.Where(c => c.Category == category && c.StartsOn <= today && c.EndsOn >= today).ToList();
        if (candidates.Count == 0) return null;
        var member = await organisations.FindAsync(memberUnionId, ct);
        if (member is null) return null;
        Coupon? best = null;
        foreach (var c in candidates)
        {
            var union = await organisations.FindAsync(c.UnionId, ct);
            if (union is null || !member.IsWithin(union.Path)) continue;
            if (best is null || c.DiscountBasisPoints < best.DiscountBasisPoints) best = c;
        }
        return best;
    }
}
