using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Wallet.Payments;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Coupons;

/// <summary>What staff enter for a coupon: e.g. 快递八五折券, courier, 8500, 3 uses per month, from/to dates (yyyy-MM-dd).</summary>
public sealed record CouponInput(long? UnionId, string? Name, MerchantCategory? Category, int? DiscountBasisPoints, int? UsesPerMonth, string? StartsOn, string? EndsOn);

/// <summary>Staff of a union (ManageMoney) create and withdraw coupons for members of their subtree.</summary>
internal sealed class CouponAdmin(NpgsqlDataSource dataSource, StaffGate gate, CouponBook book, IAuditLog audit, TimeProvider clock, IStringLocalizer<WalletText> l)
{
    public async Task<Coupon> CreateAsync(CouponInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];
        if (input.UnionId is null) Fail("unionId", l["请选择工会"]);
        var name = input.Name?.Trim() ?? "";
        if (name.Length is < 2 or > 40) Fail("name", l["名称为2至40个字"]);
        if (input.Category is null || !Enum.IsDefined(input.Category.Value)) Fail("category", l["请选择商户类别"]);
        if (input.DiscountBasisPoints is not (>= 1000 and <= 9999)) Fail("discountBasisPoints", l["折扣应在1折到9.99折之间（1000–9999 基点）"]);
        if (input.UsesPerMonth is not (>= 1 and <= 100)) Fail("usesPerMonth", l["每月次数应在1到100之间"]);
        var today = ShanghaiDay.Today(clock);
        if (!DateOnly.TryParseExact(input.StartsOn ?? "", "yyyy-MM-dd", out var starts)) Fail("startsOn", l["日期格式应为 yyyy-MM-dd"]);
        if (!DateOnly.TryParseExact(input.EndsOn ?? "", "yyyy-MM-dd", out var ends)) Fail("endsOn", l["日期格式应为 yyyy-MM-dd"]);
        else if (ends < starts || ends < today) Fail("endsOn", l["结束日期不能早于开始日期或今天"]);
        if (errors.Count > 0) throw new InputValidationException(errors);

        var (scope, union) = await gate.RequireWithScopeAsync(Permission.ManageMoney, input.UnionId!.Value, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into wallet.coupons (union_id, name, category, discount_bp, uses_per_month, starts_on, ends_on, created_by)
            values (@unionId, @name, @category, @bp, @uses, @starts::date, @ends::date, @staff) returning id
            """, new { unionId = union.Id, name, category = (short)input.Category!.Value, bp = input.DiscountBasisPoints, uses = input.UsesPerMonth, starts = starts.ToDateTime(TimeOnly.MinValue), ends = ends.ToDateTime(TimeOnly.MinValue), staff = scope.StaffId },
            tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry("wallet.coupon.create", "coupon", id.ToString(System.Globalization.CultureInfo.InvariantCulture), union.Id,
            new { name, input.DiscountBasisPoints, input.UsesPerMonth }), tx, ct);
        await tx.CommitAsync(ct);
        book.Invalidate();
        return new Coupon(id, union.Id, name, input.Category.Value, input.DiscountBasisPoints!.Value, input.UsesPerMonth!.Value, starts, ends, null);
    }

    public async Task WithdrawAsync(long couponId, CancellationToken ct)
    {
        var coupon = (await ListAsync(ct)).FirstOrDefault(c => c.Id == couponId) ?? throw new NotFoundException(l["未找到该优惠券"]);
        await gate.RequireAsync(Permission.ManageMoney, coupon.UnionId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("update wallet.coupons set withdrawn_at = now() where id = @couponId and withdrawn_at is null", new { couponId }, cancellationToken: ct));
        book.Invalidate();
    }

    /// <summary>Coupons of the unions the staff member may read.</summary>
    public async Task<IReadOnlyList<Coupon>> ListAsync(CancellationToken ct)
    {
        var subtree = await gate.SubtreeAsync(Permission.Read, null, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long Id, long UnionId, string Name, short Category, int Bp, int Uses, DateOnly Starts, DateOnly Ends, DateTime? Withdrawn)>(new CommandDefinition("""
            select id, union_id, name, category, discount_bp, uses_per_month, starts_on, ends_on, withdrawn_at
            from wallet.coupons where @all or union_id = any(@unions) order by id desc
            """, new { all = subtree.All, unions = subtree.UnionIds.ToArray() }, cancellationToken: ct));
        return rows.Select(r => new Coupon(r.Id, r.UnionId, r.Name, (MerchantCategory)r.Category, r.Bp, r.Uses, r.Starts, r.Ends, r.Withdrawn)).ToList();
    }
}
