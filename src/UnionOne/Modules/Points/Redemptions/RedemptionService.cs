using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Points.Domain;
using UnionOne.Modules.Points.Items;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Points.Redemptions;

internal sealed record RedeemRequest(long? ItemId);

internal sealed record RedemptionView(long Id, long ItemId, string ItemName, long UnionId, string UnionName, long MemberId, string MemberNo, string MemberName,
    long Points, string? PickupCode, RedemptionStatus Status, string StatusLabel, DateTime CreatedAt, DateTime? CollectedAt, DateTime? CancelledAt);

/// <summary>An item as a member sees it: can they redeem it now, and if not, why not.</summary>
internal sealed record ShelfItem(long Id, long UnionId, string UnionName, string Name, string? Description, long Price, int Stock, int? MonthLimit,
    int TakenThisMonth, string? PictureUrl, bool CanRedeem, string? WhyNot);

internal sealed record Shelf(long Balance, IReadOnlyList<ShelfItem> Items);

/// <summary>
/// Redemptions at the points supermarket. A redemption takes one of the item (conditional update: stock never below zero),
/// counts it against the member's monthly limit (conditional upsert under a CHECK), takes the points (ledger) and issues a
/// pickup code, in ONE transaction per Idempotency-Key. Staff collect (核销) by code; an uncollected redemption cancelled
/// by the member or staff returns the points (PointsRefund) and the stock, once.
/// </summary>
internal sealed class RedemptionService(
    NpgsqlDataSource dataSource, PointsMembers members, PointsStaff staff, IMemberDirectory memberDirectory, IOrganisationDirectory directory,
    ILedger ledger, PointsIdempotency idempotency, IAuditLog audit, ICurrentUser user, TimeProvider clock, IStringLocalizer<PointsText> l)
{
    public const string AuditCollected = "points.redemption-collected";
    public const string AuditCancelled = "points.redemption-cancelled";

    private const string Columns = """
        r.id, r.item_id as ItemId, r.item_name as ItemName, r.union_id as UnionId, r.member_id as MemberId, r.member_union_id as MemberUnionId, r.points,
        r.pickup_code as PickupCode, r.status, r.created_at as CreatedAt, r.collected_at as CollectedAt, r.cancelled_at as CancelledAt, r.month
        """;

    // ---- member side ----

    /// <summary>The items of the supermarkets up the member's lineage that are on the shelf, with what stops a redemption.</summary>
    public async Task<Shelf> ShelfAsync(CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var lineage = await members.LineageAsync(member, ct);
        var balance = await ledger.BalanceAsync(AccountRef.Points(member.Id), ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ItemService.Row>(new CommandDefinition(
            $"select {ItemService.Columns} from points.items i where i.union_id = any(@unions) and i.on_shelf order by i.price, i.id",
            new { unions = lineage.Select(u => u.Id).ToArray() }, cancellationToken: ct));
        var taken = (await conn.QueryAsync<(long ItemId, int Taken)>(new CommandDefinition(
            "select item_id, taken from points.monthly_taken where member_id = @memberId and month = @month::date",
            new { memberId = member.Id, month = ChinaMonth.Param(ChinaMonth.Of(clock.GetUtcNow().UtcDateTime)) }, cancellationToken: ct))).ToDictionary(t => t.ItemId, t => t.Taken);
        var items = rows.Select(r =>
        {
            var t = taken.GetValueOrDefault(r.Id);
            string? why = r.Stock <= 0 ? l["已兑完"].Value
                : r.MonthLimit is { } limit && t >= limit ? l["本月已达兑换上限"].Value
                : balance < r.Price ? l["积分不足"].Value
                : null;
            var view = r.ToView(lineage.First(u => u.Id == r.UnionId).Name);
            return new ShelfItem(r.Id, r.UnionId, view.UnionName, r.Name, r.Description, r.Price, r.Stock, r.MonthLimit, t, view.PictureUrl, why is null, why);
        }).ToList();
        return new Shelf(balance, items);
    }

    public async Task<RedemptionView> RedeemAsync(RedeemRequest request, string? idempotencyKey, CancellationToken ct)
    {
        if (request.ItemId is not > 0) throw new InputValidationException("itemId", l["请选择要兑换的商品"]);
        var itemId = request.ItemId.Value;
        var member = await members.RequireActiveAsync(ct);
        var key = idempotency.Key(idempotencyKey, $"points-redeem:{member.Id}", itemId);
        return await idempotency.RunAsync(key, "points-redemption", tx => RedeemCoreAsync(tx, member, itemId, ct), id => LoadAsync(id, ct), ct);
    }

    private async Task<long> RedeemCoreAsync(NpgsqlTransaction tx, MemberRef member, long itemId, CancellationToken ct)
    {
        var conn = tx.Connection!;
        var lineage = await members.LineageAsync(member, ct);
        var item = await conn.QuerySingleOrDefaultAsync<(long UnionId, string Name, long Price, int Stock, bool OnShelf)?>(new CommandDefinition(
            "select union_id, name, price, stock, on_shelf from points.items where id = @itemId", new { itemId }, tx, cancellationToken: ct));
        if (item is not { } found || !lineage.Any(u => u.Id == found.UnionId)) throw new NotFoundException(l["未找到该商品"]);
        RefuseUnavailable(found.OnShelf, found.Stock, found.Name);
        var balance = await ledger.BalanceAsync(AccountRef.Points(member.Id), ct);
        if (balance < found.Price) throw NotEnoughPoints(found.Name, found.Price, balance);

        // The item's row lock from here to commit: redemptions of one item queue; stock is taken only while there is some.
        var taken = await conn.QuerySingleOrDefaultAsync<(long Price, int? MonthLimit, string Name)?>(new CommandDefinition("""
            update points.items set stock = stock - 1, redeemed = redeemed + 1
            where id = @itemId and on_shelf and stock > 0
            returning price, month_limit, name
            """, new { itemId }, tx, cancellationToken: ct));
        if (taken is not { } item2)
        {
            var now = await conn.QuerySingleAsync<(int Stock, bool OnShelf, string Name)>(new CommandDefinition(
                "select stock, on_shelf, name from points.items where id = @itemId", new { itemId }, tx, cancellationToken: ct));
            RefuseUnavailable(now.OnShelf, now.Stock, now.Name);
            throw new BusinessRuleException(l["“{0}”已兑完", now.Name], "sold-out");
        }

        var month = ChinaMonth.Of(clock.GetUtcNow().UtcDateTime);
        var count = await conn.ExecuteScalarAsync<int?>(new CommandDefinition("""
            insert into points.monthly_taken as t (item_id, member_id, month, taken, max_taken) values (@itemId, @memberId, @month::date, 1, @limit)
            on conflict (item_id, member_id, month) do update set taken = t.taken + 1, max_taken = excluded.max_taken
            where excluded.max_taken is null or t.taken < excluded.max_taken
            returning taken
            """, new { itemId, memberId = member.Id, month = ChinaMonth.Param(month), limit = item2.MonthLimit }, tx, cancellationToken: ct));
        if (count is null) throw new BusinessRuleException(l["“{0}”每人每月限兑{1}件，您本月已兑满", item2.Name, item2.MonthLimit ?? 0], "month-limit");

        var id = await InsertWithCodeAsync(tx, itemId, found.UnionId, member, item2.Name, item2.Price, month, ct);
        try
        {
            var transfer = await ledger.TransferAsync(new LedgerTransfer($"points:redeem:{id}", TransferKind.PointsRedemption, AccountRef.Points(member.Id),
                new AccountRef(AccountKind.PointsRedeemed, found.UnionId), item2.Price, $"redemption:{id}", item2.Name), tx, ct);
            await conn.ExecuteAsync(new CommandDefinition("update points.redemptions set redeem_transfer_id = @transferId where id = @id",
                new { id, transferId = transfer.TransferId }, tx, cancellationToken: ct));
        }
        catch (BusinessRuleException e) when (e.Code == "balance-short")
        {
            // Spent elsewhere since the balance was read: the transaction rolls back whole (stock, limit, redemption).
            throw NotEnoughPoints(item2.Name, item2.Price, await ledger.BalanceAsync(AccountRef.Points(member.Id), ct));
        }
        return id;
    }

    private void RefuseUnavailable(bool onShelf, int stock, string name)
    {
        if (!onShelf) throw new BusinessRuleException(l["“{0}”已下架，暂不能兑换", name], "off-shelf");
        if (stock <= 0) throw new BusinessRuleException(l["“{0}”已兑完", name], "sold-out");
    }

    private BusinessRuleException NotEnoughPoints(string name, long price, long balance) =>
        new(l["积分不足：兑换“{0}”需要{1}积分，您现有{2}积分", name, price, balance], "points-short");

    /// <summary>Inserts the redemption with a random 8-digit pickup code, unique among reserved ones (a clash draws again).</summary>
    private static async Task<long> InsertWithCodeAsync(NpgsqlTransaction tx, long itemId, long unionId, MemberRef member, string itemName, long price, DateOnly month, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var code = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
            await tx.SaveAsync("pickup_code", ct);
            try
            {
                var id = await tx.Connection!.ExecuteScalarAsync<long>(new CommandDefinition("""
                    insert into points.redemptions (item_id, union_id, member_id, member_union_id, item_name, points, month, pickup_code)
                    values (@itemId, @unionId, @memberId, @memberUnionId, @itemName, @price, @month::date, @code)
                    returning id
                    """, new { itemId, unionId, memberId = member.Id, memberUnionId = member.UnionId, itemName, price, month = ChinaMonth.Param(month), code }, tx, cancellationToken: ct));
                await tx.ReleaseAsync("pickup_code", ct);
                return id;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "redemptions_open_code" && attempt < 10)
            {
                await tx.RollbackAsync("pickup_code", ct);
            }
        }
    }

    public async Task<IReadOnlyList<RedemptionView>> MineAsync(CancellationToken ct)
    {
        var memberId = members.RequireId();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from points.redemptions r where r.member_id = @memberId order by r.status = 1 desc, r.id desc limit 50",
            new { memberId }, cancellationToken: ct));
        return await ViewsAsync(rows, ct);
    }

    public async Task<RedemptionView> CancelByMemberAsync(long id, CancellationToken ct)
    {
        var memberId = members.RequireId();
        var row = await FindAsync(id, ct);
        if (row is null || row.MemberId != memberId) throw new NotFoundException(l["未找到该兑换记录"]);
        return await CancelCoreAsync(row, null, ct);
    }

    // ---- staff side ----

    /// <summary>
    /// Redemptions staff may see: of items of their subtree, or by members of it (their station hands goods out too).
    /// Optionally only one union's (its supermarket or its members), one status, or one pickup code.
    /// </summary>
    public async Task<IReadOnlyList<RedemptionView>> ListAsync(long? unionId, RedemptionStatus? status, string? code, int take, CancellationToken ct)
    {
        SubtreeFilter subtree;
        if (unionId is { } u)
        {
            await staff.RequireReadAsync(u, ct);
            subtree = await directory.SubtreeAsync([u], ct);
        }
        else
        {
            var scope = await staff.ScopeAsync(ct);
            subtree = await directory.SubtreeAsync(scope.Grants.Select(g => g.UnionId).Distinct().ToList(), ct);
        }
        var digits = NormaliseCode(code);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"""
            select {Columns} from points.redemptions r
            where (@all or r.union_id = any(@unions) or r.member_union_id = any(@unions))
              and (@status::smallint is null or r.status = @status) and (@code::text is null or r.pickup_code = @code)
            order by r.id desc limit @take
            """, new { all = subtree.All, unions = subtree.UnionIds.ToArray(), status = (short?)status, code = digits, take = Math.Clamp(take, 1, 500) }, cancellationToken: ct));
        return await ViewsAsync(rows, ct, showCode: false);
    }

    /// <summary>核销: marks the reserved redemption with this pickup code collected (staff of the item's or the member's union).</summary>
    public async Task<RedemptionView> CollectAsync(string? code, CancellationToken ct)
    {
        var digits = NormaliseCode(code) ?? throw new InputValidationException("code", l["请输入8位数字取货码"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from points.redemptions r where r.pickup_code = @digits and r.status = 1", new { digits }, cancellationToken: ct));
        if (row is null || !await StaffMayActAsync(row, PointsStaff.Collect, ct)) throw new NotFoundException(l["取货码无效，或该兑换已领取、已取消"]);
        if (!await StaffMayActAsync(row, PointsStaff.Collect, ct, requirePermission: true)) throw new ForbiddenException(l["您的角色无权执行此操作"]);

        await using var tx = await conn.BeginTransactionAsync(ct);
        var updated = await conn.ExecuteAsync(new CommandDefinition(
            "update points.redemptions set status = 2, collected_at = now(), collected_by = @staff where id = @id and status = 1",
            new { id = row.Id, staff = user.StaffId }, tx, cancellationToken: ct));
        if (updated == 0) throw new BusinessRuleException(l["该兑换已领取或已取消"], "not-reserved");
        await audit.WriteAsync(new AuditEntry(AuditCollected, "points-redemption", row.Id.ToString(CultureInfo.InvariantCulture), row.UnionId, new { row.ItemId }), tx, ct);
        await tx.CommitAsync(ct);
        return await LoadAsync(row.Id, ct, showCode: false);
    }

    public async Task<RedemptionView> CancelByStaffAsync(long id, CancellationToken ct)
    {
        var row = await FindAsync(id, ct);
        if (row is null || !await StaffMayActAsync(row, PointsStaff.Manage, ct)) throw new NotFoundException(l["未找到该兑换记录"]);
        if (!await StaffMayActAsync(row, PointsStaff.Manage, ct, requirePermission: true)) throw new ForbiddenException(l["您的角色无权执行此操作"]);
        return await CancelCoreAsync(row, user.StaffId, ct);
    }

    /// <summary>
    /// Cancels a reserved redemption: the row lock and the status guard let only one cancel through; it puts the item back
    /// (item row first, then the ledger accounts: the same lock order as a redemption) and refunds the points with a key of
    /// its own, so the points come back once.
    /// </summary>
    private async Task<RedemptionView> CancelCoreAsync(Row row, long? staffId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var status = await conn.ExecuteScalarAsync<short?>(new CommandDefinition(
            "select status from points.redemptions where id = @id for update", new { id = row.Id }, tx, cancellationToken: ct));
        switch ((RedemptionStatus?)status)
        {
            case RedemptionStatus.Cancelled:
                await tx.RollbackAsync(ct);
                return await LoadAsync(row.Id, ct, showCode: staffId is null);     // cancelled before: nothing more to return
            case RedemptionStatus.Collected:
                throw new BusinessRuleException(l["已领取的兑换不能取消"], "collected");
        }
        await conn.ExecuteAsync(new CommandDefinition("""
            update points.items set stock = stock + 1, redeemed = redeemed - 1 where id = @itemId;
            update points.monthly_taken set taken = taken - 1 where item_id = @itemId and member_id = @memberId and month = @month::date and taken > 0;
            """, new { row.ItemId, row.MemberId, month = ChinaMonth.Param(row.Month) }, tx, cancellationToken: ct));
        var refund = await ledger.TransferAsync(new LedgerTransfer($"points:refund:{row.Id}", TransferKind.PointsRefund,
            new AccountRef(AccountKind.PointsRedeemed, row.UnionId), AccountRef.Points(row.MemberId), row.Points, $"redemption:{row.Id}", row.ItemName, staffId), tx, ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update points.redemptions set status = 3, cancelled_at = now(), cancelled_by_staff = @staffId, refund_transfer_id = @transferId where id = @id
            """, new { id = row.Id, staffId, transferId = refund.TransferId }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditCancelled, "points-redemption", row.Id.ToString(CultureInfo.InvariantCulture), row.UnionId,
            new { row.ItemId, row.Points, byStaff = staffId is not null }), tx, ct);
        await tx.CommitAsync(ct);
        return await LoadAsync(row.Id, ct, showCode: staffId is null);
    }

    /// <summary>
    /// Staff may act on a redemption when the item's union or the member's union lies in their subtree: with
    /// <paramref name="requirePermission"/>, when one of <paramref name="any"/> also holds there; otherwise when they may see it.
    /// </summary>
    private async Task<bool> StaffMayActAsync(Row row, Identity.Contracts.Permission[] any, CancellationToken ct, bool requirePermission = false)
    {
        var scope = await staff.ScopeAsync(ct);
        foreach (var unionId in new[] { row.UnionId, row.MemberUnionId })
        {
            var union = await directory.FindAsync(unionId, ct);
            if (union is null) continue;
            if (requirePermission ? PointsStaff.Can(scope, union, any) : scope.Can(Identity.Contracts.Permission.Read, union)) return true;
        }
        return false;
    }

    public static string? NormaliseCode(string? code)
    {
        var digits = new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        return digits.Length == 8 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    private async Task<Row?> FindAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"select {Columns} from points.redemptions r where r.id = @id", new { id }, cancellationToken: ct));
    }

    private async Task<RedemptionView> LoadAsync(long id, CancellationToken ct, bool showCode = true) =>
        (await ViewsAsync([await FindAsync(id, ct) ?? throw new NotFoundException(l["未找到该兑换记录"])], ct, showCode))[0];

    /// <summary>Views of redemptions; the pickup code only for the member (staff get it from the member at the counter).</summary>
    private async Task<IReadOnlyList<RedemptionView>> ViewsAsync(IEnumerable<Row> rows, CancellationToken ct, bool showCode = true)
    {
        var list = rows as IReadOnlyList<Row> ?? rows.ToList();
        var people = await memberDirectory.FindManyAsync(list.Select(r => r.MemberId).Distinct().ToList(), ct);
        var result = new List<RedemptionView>(list.Count);
        foreach (var r in list)
        {
            var m = people.GetValueOrDefault(r.MemberId);
            var union = await directory.FindAsync(r.UnionId, ct);
            var status = (RedemptionStatus)r.Status;
            result.Add(new RedemptionView(r.Id, r.ItemId, r.ItemName, r.UnionId, union?.Name ?? "", r.MemberId, m?.MemberNo ?? "", m?.Name ?? "", r.Points,
                showCode ? r.PickupCode : null, status, l[PointsLabels.Status(status)], r.CreatedAt, r.CollectedAt, r.CancelledAt));
        }
        return result;
    }

    private sealed record Row(long Id, long ItemId, string ItemName, long UnionId, long MemberId, long MemberUnionId, long Points, string PickupCode, short Status,
        DateTime CreatedAt, DateTime? CollectedAt, DateTime? CancelledAt, DateOnly Month);
}
