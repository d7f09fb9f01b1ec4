using Dapper;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Organisations.Tree;

/// <summary>
/// Serves tree questions from an in-memory snapshot. The snapshot is reloaded when org.tree_version moves
/// (checked at most once per <see cref="CheckInterval"/>, and at once after a change made by this instance).
/// </summary>
internal sealed class OrganisationDirectory(NpgsqlDataSource dataSource, TimeProvider clock) : IOrganisationDirectory
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim reloadLock = new(1, 1);
    private volatile TreeSnapshot snapshot = TreeSnapshot.Empty;
    private long lastCheckTicks;

    // Invalidate() bumps the wanted generation; a reload that started at generation g makes g current once it has
    // finished. Until then every reader waits for the reload instead of being served the old tree.
    private long wantedGeneration = 1;
    private long loadedGeneration;

    public async ValueTask<TreeSnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        if (IsFresh()) return snapshot;
        await reloadLock.WaitAsync(ct);
        try
        {
            if (IsFresh()) return snapshot;
            var generation = Interlocked.Read(ref wantedGeneration);
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var version = await conn.ExecuteScalarAsync<long>(new CommandDefinition("select version from org.tree_version where id = 1", cancellationToken: ct));
            if (version != snapshot.Version) snapshot = await LoadAsync(conn, ct);
            Interlocked.Exchange(ref lastCheckTicks, clock.GetTimestamp());
            Interlocked.Exchange(ref loadedGeneration, generation);
            return snapshot;
        }
        finally
        {
            reloadLock.Release();
        }
    }

    /// <summary>Forces the next read to check the version (after this instance changed the tree).</summary>
    public void Invalidate() => Interlocked.Increment(ref wantedGeneration);

    private bool IsFresh() =>
        Interlocked.Read(ref loadedGeneration) == Interlocked.Read(ref wantedGeneration) && snapshot.Version > 0 && clock.GetElapsedTime(Interlocked.Read(ref lastCheckTicks)) < CheckInterval;

    public async ValueTask<UnionSummary?> FindAsync(long unionId, CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).Find(unionId);

    public async ValueTask<UnionSummary?> FindByJoinCodeAsync(string joinCode, CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).ByJoinCode.GetValueOrDefault(joinCode.Trim());

    public async ValueTask<SubtreeFilter> SubtreeAsync(IReadOnlyCollection<long> rootUnionIds, CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).Subtree(rootUnionIds);

    public async ValueTask<IReadOnlyList<(UnionSummary Union, int Depth)>> ActiveInTreeOrderAsync(IReadOnlyCollection<long> rootUnionIds, CancellationToken ct = default)
    {
        var snapshot = await SnapshotAsync(ct);
        var roots = rootUnionIds.Select(snapshot.Find).OfType<UnionSummary>().Where(u => u.IsActive).ToList();
        // A grant below another grant adds nothing.
        roots = roots.Where(r => !roots.Any(o => o.Id != r.Id && r.IsWithin(o.Path))).OrderBy(r => r.Path, StringComparer.Ordinal).ToList();

        var result = new List<(UnionSummary, int)>();
        foreach (var root in roots) Walk(root, 0);
        return result;

        void Walk(UnionSummary union, int depth)
        {
            result.Add((union, depth));
            foreach (var childId in snapshot.ChildrenOf(union.Id))
                if (snapshot.Find(childId) is { IsActive: true } child) Walk(child, depth + 1);
        }
    }

    public async ValueTask<IReadOnlyList<UnionSummary>> LineageAsync(long unionId, CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).Lineage(unionId);

    public async ValueTask<IReadOnlyList<UnionSummary>> RegionalNodesAsync(CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).FederationsInRegion("")
            .Where(u => u.Level is UnionLevel.County or UnionLevel.Federation)
            .OrderBy(u => u.RegionCode, StringComparer.Ordinal).ThenBy(u => (int)u.Level).ThenBy(u => u.Id)
            .ToList();

    public async ValueTask<UnionSummary?> FindHoldingPoolAsync(string regionCode, bool newEmploymentForm, CancellationToken ct = default)
    {
        var tree = await SnapshotAsync(ct);
        // Walk from the county code (6 digits) to the city (4) and the province (2).
        foreach (var prefixLength in new[] { 6, 4, 2 })
        {
            if (regionCode.Length < prefixLength) continue;
            var prefix = regionCode[..prefixLength];
            var candidates = tree.FederationsInRegion(prefix).ToList();
            if (newEmploymentForm)
            {
                var industry = candidates.FirstOrDefault(u => u.ServesNewEmploymentForms);
                if (industry is not null) return industry;
            }
            var general = candidates.FirstOrDefault(u => !u.ServesNewEmploymentForms);
            if (general is not null) return general;
        }
        return null;
    }

    private static async Task<TreeSnapshot> LoadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var version = await conn.ExecuteScalarAsync<long>(new CommandDefinition("select version from org.tree_version where id = 1", transaction: tx, cancellationToken: ct));
        var rows = await conn.QueryAsync<UnionRow>(new CommandDefinition("""
            select id, name, level, parent_id as ParentId, path::text as Path, region_code as RegionCode, kind,
                   status, serves_new_employment as ServesNewEmployment, join_code as JoinCode, employees_reported as EmployeesReported
            from org.unions
            """, transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new TreeSnapshot(version, rows.Select(r => (r.ToSummary(), r.JoinCode, r.EmployeesReported)).ToList());
    }

    private sealed record UnionRow(long Id, string Name, short Level, long? ParentId, string Path, string? RegionCode, string Kind, short Status, bool ServesNewEmployment, string JoinCode, int EmployeesReported)
    {
        public UnionSummary ToSummary() =>
            new(Id, Name, (UnionLevel)Level, ParentId, Path, RegionCode?.Trim(), Kind, (UnionStatus)Status, ServesNewEmployment);
    }
}
