using System.Security.Cryptography;
using Dapper;
using Npgsql;
using UnionOne.Modules.SubsidyEvents.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;

namespace UnionOne.Modules.SubsidyEvents.Demo;

/// <summary>
/// The demo city's 家电补贴专场: a lottery event, applications open now for 7 days, entry over 3 days from the 10th day on,
/// 10 half-hour slots a day from 09:00 with 500 places each, 5%-30% off with a cap of ¥2,000 per member; the draw mixes in the
/// sports lottery result of the day after applications close (公开随机数).
/// </summary>
internal sealed class DemoSubsidyEvents(NpgsqlDataSource dataSource, TimeProvider clock) : ISubsidyDemoSeeder
{
    public async Task<bool> SeedAsync(long cityUnionId, long staffId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from subsidy.events)", transaction: tx, cancellationToken: ct))) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var seed = RandomNumberGenerator.GetBytes(LotteryDraw.SeedBytes);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into subsidy.events (union_id, name, venue, mode, discount_min_pct, discount_max_pct, cap_fen, apply_opens_at, apply_closes_at,
                                        seed, seed_sha256, beacon_source, created_by, created_at)
            values (@cityUnionId, '职工家电以旧换新补贴专场', '市职工文化宫一楼展厅', 2, 5, 30, 200000, @now, @closes, @seed, @hash, @beacon, @staffId, @now)
            returning id
            """, new
        {
            cityUnionId, now, closes = now.AddDays(7), seed, hash = LotteryDraw.Commitment(seed), staffId,
            beacon = LocalTime.Today(now.AddDays(8)).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture) + "中国体育彩票排列5开奖号码",
        }, tx, cancellationToken: ct));
        var first = LocalTime.Today(now).AddDays(10);
        var starts = new List<DateTime>();
        for (var d = 0; d < 3; d++)
            for (var i = 0; i < 10; i++) starts.Add(LocalTime.ToUtc(first.AddDays(d), 9 * 60 + i * 30));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into subsidy.slots (event_id, starts_at, ends_at, capacity)
            select @id, s, s + interval '30 minutes', 500 from unnest(@starts) as t(s)
            """, new { id, starts = starts.ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }
}
