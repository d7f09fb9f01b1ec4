using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using Xunit.Abstractions;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members.Import;
using UnionOne.Tests.Wallet;
using UnionOne.Tests.Wallet.Disbursements;

namespace UnionOne.Tests.Faults;

/// <summary>
/// Fault suite: the disk under PostgreSQL fills up while tills take wallet payments and staff import members.
/// <para>
/// Where: the whole data directory is on one small tmpfs, as a real server has base/ and pg_wal/ on one disk. Filling it
/// with a ballast file right after PostgreSQL has opened a fresh 16 MB WAL segment gives both ways a full disk shows, in
/// order and within seconds: (1) while the open segment still has room, extending a table or index fails with SQLSTATE 53100
/// and the statement's transaction is rolled back, the server stays up and reads go on; (2) at the end of the segment the
/// next WAL write needs a new segment file, cannot create it, and PostgreSQL PANICs; crash recovery then cannot write its
/// checkpoint either, so the postmaster stops. The test reaches the end of the segment with pg_switch_wal() instead of
/// writing 16 MB more, which is what happens every 16 MB of WAL.
/// </para>
/// <para>
/// Proven: every answer during the fault is 503 with Retry-After and a Chinese ProblemDetails (the disk-full one says the
/// storage is full and nothing was saved), never 500; every payment acknowledged with 201 is in the books exactly once and
/// the books balance; every import is all-or-nothing; after the ballast is deleted (and PostgreSQL started again, as its
/// service manager would) the same app process takes payments and imports again, and pg_amcheck finds no corruption in any
/// table or index.
/// </para>
/// </summary>
[Trait("Suite", "Faults")]
public sealed class DiskFullTests(SmallDiskApp app, ITestOutputHelper output) : IClassFixture<SmallDiskApp>
{
    private const long PriceFen = 100;
    private const long StartBalance = 1_000_000;
    private const int ImportRows = 300;

    private volatile string phase = "room";

    [TmpfsFact]
    public async Task A_full_disk_gives_clear_503s_loses_and_half_applies_nothing_and_writes_resume_once_space_is_freed()
    {
        var clock = Stopwatch.StartNew();
        var world = await WalletWorld.CreateAsync(app, fundFen: 100_000_000);
        var members = new List<TestMember>();
        for (var i = 0; i < 6; i++) members.Add(await app.FundedMemberAsync(world.Factory, world.City, StartBalance));
        var arrangement = await app.ArrangeAsync();
        var staff = await app.StaffApiAsync(arrangement.Staff);
        // Validated while there is room; committed after the crash (its staged rows are in an unlogged table).
        var early = await staff.UploadOkAsync(app, arrangement.Union, CsvFile(), "before.csv");
        var outcomes = new ConcurrentQueue<Outcome>();
        using var stop = new CancellationTokenSource();
        var load = members.Select(m => PayLoopAsync(m, world.Till, outcomes, clock, stop.Token))
            .Append(ImportLoopAsync(staff, arrangement.Union, outcomes, clock, stop.Token)).ToArray();
        await Task.Delay(1_000);

        long ballastBytes;
        try
        {
            ballastBytes = await BreakAndRepairAsync(members[0], outcomes, clock);
        }
        catch
        {
            Summarise(outcomes);
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
        }

        var earlyCommit = await staff.PostAsync($"/api/v1/member-imports/{early.ImportId}/commit", null);
        var earlyBody = await earlyCommit.Content.ReadAsStringAsync();
        output.WriteLine($"import validated before the crash, committed after it: {(int)earlyCommit.StatusCode} {earlyBody}");
        if (earlyCommit.StatusCode != HttpStatusCode.OK)
        {
            earlyCommit.StatusCode.ShouldBe(HttpStatusCode.Conflict, earlyBody);
            earlyBody.ShouldContain("import-staging-lost");
        }

        var all = outcomes.ToList();
        output.WriteLine($"ballast {ballastBytes / 1024 / 1024} MB; {clock.Elapsed.TotalSeconds:F1} s");
        Summarise(outcomes);

        all.Where(o => !Expected(o)).Take(10).Select(o => $"{o.Phase} {o.What} -> {(int)o.Status} {o.Detail}").ShouldBeEmpty(app.Errors);
        var unavailable = all.Where(o => o.Status == HttpStatusCode.ServiceUnavailable).ToList();
        unavailable.ShouldAllBe(o => o.RetryAfter, "every 503 says when to retry");
        unavailable.ShouldAllBe(o => o.Title == "服务暂时不可用，请稍后再试");
        all.Where(o => o.DiskFull).ShouldAllBe(o => o.Detail == "数据库存储空间已满，本次操作没有保存，请稍后再试");
        all.ShouldContain(o => o.Phase == "wal" && o.Status == HttpStatusCode.ServiceUnavailable, "no request met the crash");

        await AssertNothingLostOrHalfAppliedAsync(all, members, arrangement.Union);
        await AssertNoCorruptionAsync();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90));
    }

    /// <summary>Fills the disk (table files, then WAL), then frees it and starts PostgreSQL again; returns the ballast's size.</summary>
    private async Task<long> BreakAndRepairAsync(TestMember reader, ConcurrentQueue<Outcome> outcomes, Stopwatch clock)
    {
        // 1. A fresh WAL segment is opened, then the disk is filled: the segment has room, new table pages have none.
        var walFile = await OpenFreshWalSegmentAsync();
        File.Exists(Path.Combine(app.DataDirectory, "pg_wal", walFile)).ShouldBeTrue($"the new WAL segment {walFile} is on disk before the ballast");
        var ballast = Path.Combine(app.DataDirectory, "ballast");
        var ballastBytes = FillDisk(ballast);
        phase = "full";
        await WaitForAsync(() => outcomes.Any(o => o.Phase == "full" && o.DiskFull), TimeSpan.FromSeconds(15), "no request met the full disk");
        (await app.Cluster.IsRunningAsync()).ShouldBeTrue("PostgreSQL stays up while only table files cannot grow");
        (await reader.Api.GetAsync("/api/v1/wallet/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "reads are served while the disk is full");

        // 2. The end of the WAL segment: the next WAL write needs a new segment file, which cannot be created: PANIC.
        phase = "wal";
        await SwitchWalAsync();
        await WaitForAsync(async () => !await app.Cluster.IsRunningAsync(), TimeSpan.FromSeconds(15), "PostgreSQL did not stop after the WAL write failed");
        await Task.Delay(1_500);
        var log = await File.ReadAllTextAsync(Path.Combine(app.Cluster.DataRoot, "pg.log"));
        log.ShouldMatch(@"PANIC: .*No space left on device", "PostgreSQL's log shows the PANIC of the WAL write");

        // 3. Space is freed; PostgreSQL is started again (its crash recovery replays the WAL); the same app serves writes.
        File.Delete(ballast);
        phase = "freed";
        var freedAt = clock.Elapsed;
        await app.Cluster.StartAsync();
        await WaitForAsync(() => outcomes.Any(o => o.What == "pay" && o.Status == HttpStatusCode.Created && o.At > freedAt), TimeSpan.FromSeconds(30),
            "no payment succeeded after space was freed");
        await WaitForAsync(() => outcomes.Any(o => o.What == "commit" && o.Status == HttpStatusCode.OK && o.At > freedAt), TimeSpan.FromSeconds(30),
            "no import was committed after space was freed");
        return ballastBytes;
    }

    private void Summarise(ConcurrentQueue<Outcome> outcomes)
    {
        foreach (var g in outcomes.GroupBy(o => $"{o.Phase} {o.What} {(int)o.Status}{(o.DiskFull ? " disk full" : "")}").OrderBy(g => g.Key))
            output.WriteLine($"{g.Key}: {g.Count()}");
        foreach (var o in outcomes.Where(o => !Expected(o)).Take(10)) output.WriteLine($"unexpected: {o.Phase} {o.What} -> {(int)o.Status} {o.Title} {o.Detail}");
    }

    private static bool Expected(Outcome o) => (o.What, o.Status) switch
    {
        (_, HttpStatusCode.ServiceUnavailable) => true,
        ("code", HttpStatusCode.OK) or ("pay", HttpStatusCode.Created) or ("upload", HttpStatusCode.Created) or ("commit", HttpStatusCode.OK) => true,
        // A validated import whose staged rows went with the crash (an unlogged table is emptied by crash recovery).
        ("commit", HttpStatusCode.Conflict) => o.Code == "import-staging-lost",
        _ => false,
    };

    private async Task AssertNothingLostOrHalfAppliedAsync(List<Outcome> all, List<TestMember> members, long union)
    {
        // The test's own pooled connections (not the app's) died with the server.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(app.ConnectionString));
        await using var conn = await app.OpenAsync();
        var inBooks = (await conn.QueryAsync<(string Key, long Count)>("""
            select substring(idempotency_key from '[^:]+$'), count(*) from wallet.transfers where kind = 3 group by 1
            """)).ToDictionary(r => r.Key, r => r.Count);
        inBooks.Values.ShouldAllBe(c => c == 1);
        all.Where(o => o.What == "pay" && o.Status == HttpStatusCode.Created && !inBooks.ContainsKey(o.Key!)).Select(o => o.Key)
            .ShouldBeEmpty("acknowledged payments missing after the crash");
        var balances = await app.Service<ILedger>().BalancesAsync(AccountKind.MemberBenefit, members.Select(m => m.Id).ToArray());
        balances.Values.Sum(b => StartBalance - b).ShouldBe(inBooks.Count * PriceFen * 85 / 100);
        await app.InvariantsHoldAsync();

        // Imports: all of a file's members or none; a committed import holds exactly its rows.
        var imports = (await conn.QueryAsync<(long Id, short Status, int? Inserted)>(
            "select id, status, inserted_rows from members.imports where union_id = @union", new { union })).ToList();
        var committed = imports.Where(i => i.Status == 2).ToList();
        committed.ShouldAllBe(i => i.Inserted == ImportRows);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @union", new { union }))
            .ShouldBe(committed.Count * ImportRows);
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from members.membership_events e join members.members m on m.id = e.member_id
            where m.union_id = @union and e.kind = 'joined'
            """, new { union })).ShouldBe(committed.Count * ImportRows);
        // No validated import has part of its rows staged (none, after a crash, is allowed: the commit says so).
        (await conn.ExecuteScalarAsync<long>("""
            select count(*) from members.imports i
            where i.union_id = @union and i.status = 1
              and (select count(*) from members.import_rows r where r.import_id = i.id) not in (0, i.valid_rows)
            """, new { union })).ShouldBe(0);
        all.Where(o => o.What == "commit" && o.Status == HttpStatusCode.OK).Select(o => o.Key).Distinct()
            .ShouldAllBe(k => committed.Any(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == k), "an acknowledged import commit is lost");
    }

    private async Task AssertNoCorruptionAsync()
    {
        var bin = (await SmallDiskApp.RunAsync(Path.Combine(FaultRounds.RepositoryRoot, "scripts", "pg.sh"), "bin")).Trim();
        var admin = new NpgsqlConnectionStringBuilder(app.Cluster.AdminConnectionString);
        var start = ChildProcess.Start(Path.Combine(bin, "pg_amcheck"), "-h", "127.0.0.1", "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "unionone", "-d", "faults", "--install-missing", "--heapallindexed", "--rootdescend");
        start.Environment["PGPASSWORD"] = admin.Password;
        var (exit, stdout, stderr) = await ChildProcess.RunAsync(start);
        var report = stdout + stderr;
        output.WriteLine($"pg_amcheck (heap, every btree index, --heapallindexed --rootdescend): exit {exit} {report}");
        exit.ShouldBe(0, report);
        report.Trim().ShouldBeEmpty();
    }

    private NpgsqlConnection Admin() =>
        new(new NpgsqlConnectionStringBuilder(app.Cluster.AdminConnectionString) { Database = "faults", Pooling = false }.ConnectionString);

    /// <summary>Ends the current WAL segment and commits a transaction, so that the next segment file is created now.</summary>
    private async Task<string> OpenFreshWalSegmentAsync()
    {
        await using var conn = Admin();
        await conn.OpenAsync();
        await conn.ExecuteAsync("select pg_switch_wal()");
        await conn.ExecuteAsync("select pg_current_xact_id()");
        return await conn.ExecuteScalarAsync<string>("select pg_walfile_name(pg_current_wal_flush_lsn())") ?? "";
    }

    private async Task SwitchWalAsync()
    {
        await using var conn = Admin();
        await conn.OpenAsync();
        try
        {
            await conn.ExecuteAsync("select pg_switch_wal()");
        }
        catch (NpgsqlException)
        {
            // The PANIC this provokes may end the server before it answers (or a concurrent write got there first): the
            // caller checks that the server stopped and that its log shows the PANIC.
        }
    }

    /// <summary>Writes the ballast until the file system is full (ENOSPC); returns its size.</summary>
    private static long FillDisk(string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        foreach (var chunk in new[] { 1 << 20, 4096 })
        {
            var bytes = new byte[chunk];
            try
            {
                while (true) file.Write(bytes);
            }
            catch (IOException)
            {
            }
        }
        return file.Length;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string why) =>
        await WaitForAsync(() => Task.FromResult(condition()), timeout, why);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string why)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(why);
            await Task.Delay(100);
        }
    }

    private async Task PayLoopAsync(TestMember member, HttpClient till, ConcurrentQueue<Outcome> outcomes, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var code = await member.Api.GetAsync("/api/v1/wallet/me/payment-code", CancellationToken.None);
            var codeBody = await code.Content.ReadAsStringAsync(CancellationToken.None);
            outcomes.Enqueue(Make("code", null, code, codeBody, clock));
            if (code.StatusCode != HttpStatusCode.OK || !JsonDocument.Parse(codeBody).RootElement.TryGetProperty("code", out var text))
            {
                await Task.Delay(100, CancellationToken.None);
                continue;
            }
            var key = Guid.NewGuid().ToString("N");
            var paid = await till.PayAsync(text.GetString()!, PriceFen, key);
            outcomes.Enqueue(Make("pay", key, paid, await paid.Content.ReadAsStringAsync(CancellationToken.None), clock));
        }
    }

    private async Task ImportLoopAsync(HttpClient staff, long union, ConcurrentQueue<Outcome> outcomes, Stopwatch clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var upload = await staff.UploadAsync(union, CsvFile(), "during.csv");
            var body = await upload.Content.ReadAsStringAsync(CancellationToken.None);
            outcomes.Enqueue(Make("upload", null, upload, body, clock));
            if (upload.StatusCode == HttpStatusCode.Created)
            {
                var id = JsonDocument.Parse(body).RootElement.GetProperty("importId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var commit = await staff.PostAsync($"/api/v1/member-imports/{id}/commit", null, CancellationToken.None);
                outcomes.Enqueue(Make("commit", id, commit, await commit.Content.ReadAsStringAsync(CancellationToken.None), clock));
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private Outcome Make(string what, string? key, HttpResponseMessage response, string body, Stopwatch clock)
    {
        string? title = null, detail = null, code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var problem = JsonDocument.Parse(body).RootElement;
            title = problem.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
        }
        return new Outcome(what, key, response.StatusCode, response.Headers.RetryAfter is not null, title, detail, code, phase, clock.Elapsed);
    }

    private static byte[] CsvFile()
    {
        var rows = new List<string?[]> { ImportFiles.Header };
        for (var r = 0; r < ImportRows; r++)
        {
            var p = ImportFiles.NextPerson();
            rows.Add(["李建华", p.Id, p.Phone, "企业职工", "2024-03-01", null, "台州某某机械有限公司"]);
        }
        return ImportFiles.Csv(rows, Encoding.UTF8, bom: true);
    }

    private sealed record Outcome(string What, string? Key, HttpStatusCode Status, bool RetryAfter, string? Title, string? Detail, string? Code, string Phase, TimeSpan At)
    {
        public bool DiskFull => Detail?.Contains("存储空间已满", StringComparison.Ordinal) == true;
    }
}
