using Dapper;
using Npgsql;
using UnionOne.Modules.Activities.Contracts;
using UnionOne.Modules.Activities.Domain;

namespace UnionOne.Modules.Activities.Demo;

/// <summary>Six published activities of the demo city, its district and its riders' federation, a few days to weeks ahead; once.</summary>
internal sealed class DemoActivities(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DemoActivities> logger) : IActivityDemoSeeder
{
    private sealed record Plan(string Union, ActivityKind Kind, string Title, string Description, int DaysAhead, int Hour, int Hours, string Place,
        int Capacity, int MaxFamily = 0, bool FamilyCounts = false, short? ChildMin = null, short? ChildMax = null, string[]? Questions = null,
        string[]? Tags = null, short[]? JobTypes = null, long Fee = 0);

    private static readonly Plan[] Plans =
    [
        new("台州市总工会", ActivityKind.CraftsmanLecture, "工匠讲堂：数控机床精度调校", "市级劳模、高级技师现场讲解数控机床精度调校的实用方法，并解答职工提问。",
            5, 14, 2, "台州市工人文化宫 三楼报告厅", 120, Questions: ["您目前从事的工种是？"]),
        new("台州市总工会", ActivityKind.MovieNight, "达工影院：周五职工电影夜", "每周五晚放映一部新片，会员免费观看，可携带一名家属。",
            3, 19, 2, "台州市工人文化宫 影剧院", 200, MaxFamily: 1, FamilyCounts: true),
        new("台州市总工会", ActivityKind.SummerChildcare, "职工子女暑期托管班（第一期）", "为双职工家庭提供暑期看护、作业辅导和兴趣课程。",
            20, 8, 9, "台州市工人文化宫 二楼活动室", 40, ChildMin: 6, ChildMax: 12, Questions: ["孩子有无过敏或需要特别照顾的情况？"]),
        new("椒江区总工会", ActivityKind.CollectiveWedding, "椒江区职工集体婚礼", "简约、文明、节俭的集体婚礼，由区总工会统一组织。",
            30, 9, 4, "椒江区市民广场", 20),
        new("台州市外卖配送行业工会联合会", ActivityKind.BirthdayParty, "骑手集体生日会", "为本月生日的外卖骑手庆生，现场发放生日蛋糕券。",
            7, 15, 2, "椒江区户外劳动者驿站（中山西路）", 60, JobTypes: [10]),
        new("椒江区总工会", ActivityKind.FamilyOpenDay, "企业家庭开放日", "邀请职工家属走进车间，了解亲人的工作环境。",
            12, 9, 3, "椒江区机械产业园", 100, MaxFamily: 3, FamilyCounts: true),
    ];

    public async Task<int> SeedAsync(IReadOnlyDictionary<string, long> unionIdsByName, long staffId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtext('activities.demo'))", transaction: tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from activities.activities)", transaction: tx, cancellationToken: ct)))
            return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = LocalTime.ToLocal(now).Date;
        var added = 0;
        foreach (var p in Plans)
        {
            if (!unionIdsByName.TryGetValue(p.Union, out var unionId)) continue;
            var startsAt = LocalTime.ToUtc(today.AddDays(p.DaysAhead).AddHours(p.Hour));
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into activities.activities (union_id, kind, title, description, starts_at, ends_at, place_text, capacity, signup_opens_at,
                    signup_closes_at, fee_fen, max_family, family_counts, points_on_checkin, child_min_age, child_max_age, questions, audience,
                    target_tags, target_job_types, status, created_by, created_at, published_at)
                values (@unionId, @kind, @Title, @Description, @startsAt, @endsAt, @Place, @Capacity, @now, @closesAt, @Fee, @MaxFamily, @FamilyCounts,
                    true, @ChildMin, @ChildMax, @questions, @audience, @tags, @jobTypes, 2, @staffId, @now, @now)
                """, new
            {
                unionId, kind = (short)p.Kind, p.Title, p.Description, startsAt, endsAt = startsAt.AddHours(p.Hours), p.Place, p.Capacity, now,
                closesAt = startsAt.AddHours(-12), p.Fee, MaxFamily = (short)p.MaxFamily, p.FamilyCounts, p.ChildMin, p.ChildMax,
                questions = p.Questions ?? [], audience = new[] { unionId }, tags = p.Tags ?? [], jobTypes = p.JobTypes ?? [], staffId,
            }, tx, cancellationToken: ct));
            added++;
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data: {Count} demo activities added", added);
        return added;
    }
}
