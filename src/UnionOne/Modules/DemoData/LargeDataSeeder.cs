using System.Diagnostics;
using Dapper;
using Npgsql;
using UnionOne.Modules.Members.Import.Bulk;

namespace UnionOne.Modules.DemoData;

/// <summary>Seeds a large member set with COPY, for benchmarks (`make seed-large`).</summary>
internal interface ILargeDataSeeder
{
    Task SeedLargeAsync(int members, CancellationToken ct);
}

/// <summary>
/// Adds generated members until there are <c>n</c> in total, spread over the grassroots unions by their reported
/// employees. Member k is a pure function of k (see <see cref="DemoMembers"/>), so the set is the same on every
/// run and ID numbers never collide; a second call with the same n adds nothing. Chunks are generated and
/// encrypted in parallel while the previous chunk is copied.
/// </summary>
internal sealed class LargeDataSeeder(NpgsqlDataSource dataSource, DemoCitySeeder demo, MemberBulkWriter bulk, TimeProvider clock) : ILargeDataSeeder
{
    /// <summary>"SeedLarg" in ASCII.</summary>
    private const long LockKey = 0x536565644C617267;

    private const int Chunk = 20_000;

    public async Task SeedLargeAsync(int members, CancellationToken ct)
    {
        if (members < 0 || members > DemoPeople.MaxMemberIndex)
            throw new ArgumentOutOfRangeException(nameof(members), $"Between 0 and {DemoPeople.MaxMemberIndex:N0} members can be generated.");
        await demo.EnsureSeededAsync(ct);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@LockKey)", new { LockKey }, cancellationToken: ct));
        try
        {
            var existing = await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from members.members", cancellationToken: ct));
            if (existing >= members)
            {
                Console.WriteLine($"seed-large: {existing:N0} members already, nothing to add.");
                return;
            }
            var unions = await GrassrootsAsync(conn, ct);
            if (unions.Count == 0) throw new InvalidOperationException("No active grassroots union to add members to.");
            var cumulative = new long[unions.Count];
            long total = 0;
            for (var i = 0; i < unions.Count; i++) cumulative[i] = total += Math.Max(1, unions[i].Weight);

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
            var started = Stopwatch.StartNew();
            Console.WriteLine($"seed-large: {existing:N0} members, adding {members - existing:N0} over {unions.Count} grassroots unions…");
            Task copying = Task.CompletedTask;
            for (var start = existing; start < members; start += Chunk)
            {
                var first = start;
                var drafts = new MemberDraft[(int)Math.Min(Chunk, members - start)];
                Parallel.For(0, drafts.Length, i =>
                {
                    var k = first + i;
                    var pick = (long)(DemoRandom.For(k, 0x5EED).NextULong() % (ulong)total);
                    var index = Array.BinarySearch(cumulative, pick + 1);
                    drafts[i] = DemoMembers.Create(k, unions[index < 0 ? ~index : index].Union, today);
                });
                bulk.Seal(drafts);
                await copying;
                copying = CopyAsync(drafts, ct);
                var done = start + drafts.Length - existing;
                var rate = done / Math.Max(0.001, started.Elapsed.TotalSeconds);
                Console.WriteLine($"seed-large: {start + drafts.Length:N0} / {members:N0} ({rate:N0} members/s)");
            }
            await copying;
            await conn.ExecuteAsync(new CommandDefinition("analyze members.members", commandTimeout: 600, cancellationToken: ct));
            Console.WriteLine($"seed-large: done, {members:N0} members in {started.Elapsed.TotalSeconds:F0} s.");
        }
        finally
        {
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task CopyAsync(MemberDraft[] drafts, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await bulk.CopyMembersAsync(conn, drafts, ct);
    }

    /// <summary>Active grassroots unions in id order (stable, so the same k lands in the same union), weighted by reported employees.</summary>
    private static async Task<List<(DemoUnion Union, long Weight)>> GrassrootsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<UnionRow>(new CommandDefinition("""
            select id, name, kind, coalesce(region_code, '331000') as Region, coalesce(founded_on, date '2000-01-01') as Founded,
                   employees_reported as Employees
            from org.unions where level = 5 and status = 1 order by id
            """, cancellationToken: ct));
        return rows.Select(r => (new DemoUnion(r.Id, r.Region.Trim(), DemoMembers.WorkforceOf(r.Kind, r.Name), r.Founded, DemoMembers.EmployerOf(r.Name)), (long)r.Employees))
            .ToList();
    }

    private sealed class UnionRow
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Region { get; set; } = "";

        public DateOnly Founded { get; set; }

        public int Employees { get; set; }
    }
}
