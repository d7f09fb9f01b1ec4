using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Merchants.Directory;
using UnionOne.Modules.Merchants.Tills;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Domain;

/// <summary>What a staff action needs to know of a merchant before it acts.</summary>
internal sealed record MerchantHead(long Id, long BatchId, long UnionId, string Name, MerchantCategory Category, MerchantStatus Status);

/// <summary>
/// The one way a merchant's status changes: a conditional update (from the allowed statuses only, so two staff members acting
/// at once cannot both succeed), a status-log row with who, when and why, and an audit entry, in one transaction.
/// </summary>
internal sealed class MerchantWrites(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    IAuditLog audit,
    MerchantDirectory directory,
    TillRegistry tills,
    IStringLocalizer<MerchantsText> l)
{
    public async Task<(MerchantHead Merchant, StaffScope Scope, UnionSummary Union)> RequireAsync(long merchantId, Permission permission, CancellationToken ct)
    {
        HeadRow? row;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            row = await conn.QuerySingleOrDefaultAsync<HeadRow>(new CommandDefinition(
                "select id, batch_id as BatchId, union_id as UnionId, name, category, status from merchants.merchants where id = @merchantId",
                new { merchantId }, cancellationToken: ct));
        }
        if (row is null) throw new NotFoundException(l["未找到该商户"]);
        var head = new MerchantHead(row.Id, row.BatchId, row.UnionId, row.Name, (MerchantCategory)row.Category, (MerchantStatus)row.Status);
        var (scope, union) = await gate.RequireWithScopeAsync(permission, head.UnionId, ct);
        return (head, scope, union);
    }

    /// <summary>
    /// Moves the merchant from one of <paramref name="from"/> to <paramref name="to"/>, setting <paramref name="extraSet"/> columns too;
    /// 409 with <paramref name="conflict"/> when its status is another.
    /// </summary>
    public async Task TransitionAsync(MerchantHead merchant, StaffScope scope, MerchantStatus[] from, MerchantStatus to, string? reason, string conflict,
        string auditAction, CancellationToken ct, string extraSet = "", object? extra = null, int? discountBp = null,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? alsoInTransaction = null)
    {
        var merchantId = merchant.Id;
        var parameters = new DynamicParameters(extra);
        parameters.Add("merchantId", merchantId);
        parameters.Add("from", from.Select(s => (short)s).ToArray());
        parameters.Add("to", (short)to);
        parameters.Add("staff", scope.StaffId);
        parameters.Add("reason", reason);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var previous = await conn.ExecuteScalarAsync<short?>(new CommandDefinition($"""
            with old as (select id, status from merchants.merchants where id = @merchantId and status = any(@from) for update)
            update merchants.merchants m set status = @to, updated_at = now(){extraSet}
            from old where m.id = old.id
            returning old.status
            """, parameters, tx, cancellationToken: ct));
        if (previous is null) throw new BusinessRuleException(conflict);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into merchants.status_log (merchant_id, from_status, to_status, reason, discount_bp, staff_id, staff_name)
            values (@merchantId, @previous, @to, @reason, @discountBp, @staff, @staffName)
            """,
            new { merchantId, previous, to = (short)to, reason, discountBp, staff = scope.StaffId, staffName = scope.DisplayName }, tx, cancellationToken: ct));
        if (alsoInTransaction is not null) await alsoInTransaction(conn, tx);
        await audit.WriteAsync(new AuditEntry(auditAction, "merchant", Id(merchantId), merchant.UnionId, new { from = (MerchantStatus)previous.Value, to, reason }), tx, ct);
        await tx.CommitAsync(ct);
        Forget(merchantId);
    }

    /// <summary>After any change: the directory and the tills read the merchant afresh.</summary>
    public void Forget(long merchantId)
    {
        directory.Forget(merchantId);
        tills.ForgetMerchant(merchantId);
    }

    private sealed record HeadRow(long Id, long BatchId, long UnionId, string Name, short Category, short Status);

    public static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
