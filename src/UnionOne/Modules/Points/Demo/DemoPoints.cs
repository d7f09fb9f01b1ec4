using Dapper;
using Npgsql;
using UnionOne.Modules.Points.Awards;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Wallet.Contracts;

namespace UnionOne.Modules.Points.Demo;

/// <summary>
/// The demo city's points: earning rules at the city federation, four items in its points supermarket (毛巾, 保温杯, 米,
/// 电影票) and a welcome award of 300-1,000 points to each member handed in, all in one transaction, once.
/// </summary>
internal sealed class DemoPoints(NpgsqlDataSource dataSource, ILedger ledger, ILogger<DemoPoints> logger) : IPointsDemoSeeder
{
    public const string WelcomeReason = "演示数据：欢迎积分";

    private static readonly (string Name, string Description, long Price, int Stock, int? MonthLimit)[] Items =
    [
        ("纯棉毛巾", "全棉加厚，34×76cm", 200, 500, 2),
        ("不锈钢保温杯", "500ml，12小时保温", 800, 200, 1),
        ("五常大米 5kg", "当季新米，真空包装", 1000, 300, 1),
        ("电影票（2D通兑券）", "台州市区合作影院通用", 600, 100, 2),
    ];

    private static readonly (PointsEvent Kind, int Points)[] Rules =
        [(PointsEvent.ActivityAttendance, 20), (PointsEvent.StationRating, 5), (PointsEvent.Quiz, 10)];

    public async Task<int> SeedAsync(long cityUnionId, IReadOnlyList<(long MemberId, long UnionId)> members, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // One seeder at a time; a second finds the items and stops.
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtext('points.demo'))", transaction: tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from points.items)", transaction: tx, cancellationToken: ct)))
            return 0;

        foreach (var (kind, points) in Rules)
            await conn.ExecuteAsync(new CommandDefinition("insert into points.rules (union_id, kind, points) values (@cityUnionId, @kind, @points) on conflict do nothing",
                new { cityUnionId, kind = (short)kind, points }, tx, cancellationToken: ct));
        foreach (var (name, description, price, stock, limit) in Items)
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into points.items (union_id, name, description, price, stock, month_limit) values (@cityUnionId, @name, @description, @price, @stock, @limit)
                """, new { cityUnionId, name, description, price, stock, limit }, tx, cancellationToken: ct));

        foreach (var (memberId, unionId) in members)
        {
            var points = 300 + memberId % 8 * 100;
            var reference = "demo:welcome";
            var transfer = await ledger.TransferAsync(new LedgerTransfer(PointsAwarder.LedgerKey(PointsEvent.Manual, memberId, reference), TransferKind.PointsAward,
                new AccountRef(AccountKind.UnionPointsIssued, cityUnionId), AccountRef.Points(memberId), points, reference, WelcomeReason), tx, ct);
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into points.awards (member_id, union_id, issuer_id, kind, reference, points, reason, transfer_id)
                values (@memberId, @unionId, @cityUnionId, 4, @reference, @points, @reason, @transferId)
                on conflict do nothing
                """, new { memberId, unionId, cityUnionId, reference, points, reason = WelcomeReason, transferId = transfer.TransferId }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data: points rules, {Items} supermarket items and welcome points for {Members} members", Items.Length, members.Count);
        return members.Count;
    }
}
