using System.Diagnostics;
using System.Text;
using Dapper;
using Npgsql;
using UnionOne.Modules.Activities.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Import.Bulk;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.SubsidyEvents.Contracts;
using UnionOne.Modules.Polls.Contracts;
using UnionOne.Modules.Quizzes.Contracts;

namespace UnionOne.Modules.DemoData;

/// <summary>
/// Seeds the demo city federation once: only when there is no union yet, under a PostgreSQL advisory lock so
/// that two instances starting together do not both seed. Unions go through IOrganisationAdmin (validated,
/// with join codes), staff through IStaffAdmin, members by binary COPY with parallel encryption.
/// </summary>
internal sealed class DemoCitySeeder(
    NpgsqlDataSource dataSource,
    IOrganisationAdmin organisations,
    IStaffAdmin staff,
    MemberBulkWriter bulk,
    IPlaceDemoSeeder places,
    IMerchantDemoSeeder merchants,
    IPointsDemoSeeder points,
    ISubsidyDemoSeeder subsidy,
    IQuizDemoSeeder quizzes,
    IPollDemoSeeder polls,
    IActivityDemoSeeder activities,
    TimeProvider clock,
    ILogger<DemoCitySeeder> logger)
{
    public const int Members = 20_000;

    /// <summary>How many demo members (the first by id) get welcome points for the points supermarket.</summary>
    public const int MembersWithPoints = 1_000;

    /// <summary>"DemoCity" in ASCII, as the advisory lock key.</summary>
    private const long LockKey = 0x44656D6F43697479;

    private const int CopyBatch = 5_000;

    /// <summary>Seeds when the tree is empty; returns whether this call seeded.</summary>
    public async Task<bool> EnsureSeededAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct));
        try
        {
            if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from org.unions)", cancellationToken: ct)))
            {
                await AddPlacesToEarlierDemoAsync(conn, ct);
                await AddMerchantsToEarlierDemoAsync(conn, ct);
                await AddSubsidyEventToDemoAsync(conn, ct);
                logger.LogInformation("Demo data: the organisation tree is not empty, nothing seeded.");
                return false;
            }
            await SeedAsync(ct);
            return true;
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>
    /// A demo database made before places existed (issue 2) gets the demo places once: when the demo city is there and
    /// no place is. Union ids are looked up by the demo plan's names.
    /// </summary>
    private async Task AddPlacesToEarlierDemoAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var plan = DemoPlan.Build(Members);
        var names = plan.Unions.Select(u => u.Spec.Name).ToArray();
        var found = (await conn.QueryAsync<(string Name, long Id)>(new CommandDefinition(
            "select name, id from org.unions where name = any(@names) and status = 1", new { names }, cancellationToken: ct))).ToList();
        if (found.Count < names.Length / 2) return;
        if (found.FirstOrDefault(f => f.Name == DemoCatalog.CityName) is { Id: > 0 } city) await AddPointsAsync(conn, city.Id, ct);
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from places.places)", cancellationToken: ct))) return;
        var added = await places.SeedAsync(found.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Id), ct);
        logger.LogInformation("Demo data: {Count} demo places added to the existing demo city", added);
    }

    /// <summary>A demo database made before merchants existed (issue 3) gets the demo merchants once, recorded as the demo city chair's work.</summary>
    private async Task AddMerchantsToEarlierDemoAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var chair = DemoAccounts.All[0];
        var staffId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select id from identity.staff_users where user_name = @UserName", new { chair.UserName }, cancellationToken: ct));
        var yuhuan = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select id from org.unions where name = @name and status = 1 order by id limit 1", new { name = DemoMerchantUnion }, cancellationToken: ct));
        if (staffId is null || yuhuan is null) return;
        var added = await merchants.SeedAsync(new Dictionary<string, long> { [DemoMerchantUnion] = yuhuan.Value }, staffId.Value, chair.DisplayName, ct);
        if (added > 0) logger.LogInformation("Demo data: {Count} demo merchants added to the existing demo city", added);
        var plan = DemoPlan.Build(Members);
        var names = plan.Unions.Select(u => u.Spec.Name).ToArray();
        var found = (await conn.QueryAsync<(string Name, long Id)>(new CommandDefinition(
            "select name, id from org.unions where name = any(@names) and status = 1", new { names }, cancellationToken: ct))).ToList();
        await activities.SeedAsync(found.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Id), staffId.Value, ct);
    }

    /// <summary>The demo city's subsidy event (lottery, open for applications), once, recorded as the demo city chair's.</summary>
    private async Task AddSubsidyEventToDemoAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var staffId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select id from identity.staff_users where user_name = @UserName", new { DemoAccounts.All[0].UserName }, cancellationToken: ct));
        var city = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select id from org.unions where name = @name and status = 1 order by id limit 1", new { name = DemoCatalog.CityName }, cancellationToken: ct));
        if (staffId is null || city is null) return;
        if (await subsidy.SeedAsync(city.Value, staffId.Value, ct)) logger.LogInformation("Demo data: the demo subsidy event added");
    }

    /// <summary>The union whose merchant recruitment the demo shows (Yuhuan, as in the seeds).</summary>
    private const string DemoMerchantUnion = "玉环市总工会";

    /// <summary>Points rules and supermarket items at the city, welcome points for the first members (once; the seeder checks).</summary>
    private async Task AddPointsAsync(NpgsqlConnection conn, long cityId, CancellationToken ct)
    {
        var members = (await conn.QueryAsync<(long, long)>(new CommandDefinition(
            "select id, union_id from members.members where status = 1 order by id limit @MembersWithPoints", new { MembersWithPoints }, cancellationToken: ct))).ToList();
        await points.SeedAsync(cityId, members, ct);
        await quizzes.SeedAsync(cityId, ct);
        await polls.SeedAsync(cityId, ct);
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var plan = DemoPlan.Build(Members);

        var ids = new long[plan.Unions.Count];
        foreach (var u in plan.Unions)
            ids[u.Index] = await organisations.CreateAsync(u.Spec with { ParentId = u.Parent is { } p ? ids[p] : null }, null, ct);
        logger.LogInformation("Demo data: {Count} unions created in {Elapsed} ms", plan.Unions.Count, started.ElapsedMilliseconds);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var targets = plan.Unions.Where(u => u.Members > 0)
            .Select(u => (Union: new DemoUnion(ids[u.Index], u.Spec.RegionCode!, DemoCatalog.Workforces[u.Workforce!], u.Spec.FoundedOn!.Value, u.EmployerName), u.Members))
            .ToList();
        var drafts = new List<MemberDraft>(Members);
        long k = 0;
        foreach (var (union, count) in targets)
            for (var i = 0; i < count; i++) drafts.Add(DemoMembers.Create(k++, union, today));
        bulk.Seal(drafts);

        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            for (var offset = 0; offset < drafts.Count; offset += CopyBatch)
                await bulk.CopyMembersAsync(conn, drafts.GetRange(offset, Math.Min(CopyBatch, drafts.Count - offset)), ct);
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into members.membership_events (member_id, kind, to_union_id, detail, at)
                select id, 'joined', union_id, '{"seed": "demo"}'::jsonb, joined_on::timestamp at time zone 'Asia/Shanghai'
                from members.members order by id
                """, transaction: tx, cancellationToken: ct));
            await AddJoinRequestsAsync(conn, plan, ids, today, ct);
            await tx.CommitAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition("analyze members.members; analyze members.membership_events", cancellationToken: ct));
        }
        logger.LogInformation("Demo data: {Members} members written in {Elapsed} ms", drafts.Count, started.ElapsedMilliseconds);
        await places.SeedAsync(plan.Unions.ToDictionary(u => u.Spec.Name, u => ids[u.Index]), ct);
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            await AddPointsAsync(conn, ids[plan.Unions.Single(u => u.Spec.Name == DemoCatalog.CityName).Index], ct);

        var accounts = new StringBuilder("Demo data: staff accounts (password ").Append(DemoAccounts.Password).AppendLine("):");
        long? chairId = null;
        foreach (var (userName, displayName, unionName, role) in DemoAccounts.All)
        {
            var union = unionName == DemoAccounts.FactoryMarker ? FactoryUnion(plan) : plan.Unions.Single(u => u.Spec.Name == unionName);
            var id = await staff.CreateAsync(userName, displayName, DemoAccounts.Password, ct);
            await staff.GrantAsync(id, ids[union.Index], role, null, ct);
            chairId ??= id;
            accounts.AppendLine($"  {userName,-16} {role,-8} {union.Spec.Name}");
        }
        await merchants.SeedAsync(plan.Unions.ToDictionary(u => u.Spec.Name, u => ids[u.Index]), chairId!.Value, DemoAccounts.All[0].DisplayName, ct);
        await subsidy.SeedAsync(ids[plan.Unions.Single(u => u.Spec.Name == DemoCatalog.CityName).Index], chairId.Value, ct);
        await activities.SeedAsync(plan.Unions.ToDictionary(u => u.Spec.Name, u => ids[u.Index]), chairId.Value, ct);
        // A warning, so it shows even where informational logs are filtered: these accounts must not exist in production.
        logger.LogWarning("{Accounts}", accounts.ToString().TrimEnd());
        logger.LogInformation("Demo data seeded in {Elapsed} ms", started.ElapsedMilliseconds);
    }

    /// <summary>The first grassroots union under 海门街道总工会: the demo grassroots officer's union, where the demo join requests wait.</summary>
    public static PlannedUnion FactoryUnion(DemoPlan plan)
    {
        var haimen = plan.Unions.Single(u => u.Spec.Name == "椒江区海门街道总工会");
        return plan.Unions.First(u => u.Parent == haimen.Index && u.Spec.Level == UnionLevel.Grassroots);
    }

    /// <summary>A handful of pending join requests: at the demo factory, in 海门街道's holding pool, and riders in 椒江's new-employment pool.</summary>
    private async Task AddJoinRequestsAsync(NpgsqlConnection conn, DemoPlan plan, long[] ids, DateOnly today, CancellationToken ct)
    {
        var factory = FactoryUnion(plan);
        var haimen = plan.Unions.Single(u => u.Spec.Name == "椒江区海门街道总工会");
        var newForms = plan.Unions.Single(u => u.Spec.Name == "椒江区新就业形态劳动者工会联合会");
        var destinations = new (PlannedUnion Union, bool Pool, string Workforce)[]
        {
            (factory, false, "factory"), (factory, false, "factory"), (factory, false, "factory"), (factory, false, "factory"),
            (haimen, true, "factory"), (haimen, true, "domestic"),
            (newForms, true, "riders"), (newForms, true, "riders"),
        };
        var requests = new List<(MemberDraft, bool, string)>();
        for (var i = 0; i < destinations.Length; i++)
        {
            var (union, pool, workforce) = destinations[i];
            var region = union.Spec.RegionCode!;
            var draft = DemoMembers.Create(DemoPeople.NonMemberIndexBase + i,
                new DemoUnion(ids[union.Index], region, DemoCatalog.Workforces[workforce], new DateOnly(2020, 1, 1), union.EmployerName), today);
            requests.Add((draft, pool, region));
        }
        bulk.Seal(requests.Select(r => r.Item1).ToList());
        await bulk.CopyPendingJoinRequestsAsync(conn, requests, ct);
    }
}
