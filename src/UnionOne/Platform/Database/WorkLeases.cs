using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace UnionOne.Platform.Database;

/// <summary>
/// Background work that must run on one instance at a time across the cluster (sweeps, posting, SMS receipts): a run takes
/// a PostgreSQL session advisory lock named after the work on a connection of its own, and skips its turn when another
/// instance holds it. If the holder dies, PostgreSQL ends its session and the lock is free for the next turn elsewhere.
/// Each work item is still claimed and finished in the database (so a retry after a crash never repeats a finished item);
/// the lease keeps two instances from racing over the same items.
/// </summary>
internal sealed class WorkLeases : IAsyncDisposable
{
    /// <summary>The advisory lock class of work leases ("Work" in ASCII).</summary>
    private const int LockClass = 0x576F726B;

    private readonly NpgsqlDataSource leases;

    public WorkLeases(IOptions<DatabaseOptions> options, IConfiguration configuration)
    {
        // Not pooled: a lease connection that is closed ends its session, so a lock can never be left on a pooled connection.
        // The application name says which instance holds a lease (pg_stat_activity), e.g. "UnionOne work lease app1".
        var instance = configuration["UNIONONE_INSTANCE"] is { Length: > 0 } name ? name : Environment.MachineName;
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Pooling = false, ApplicationName = $"UnionOne work lease {instance}" };
        leases = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Runs <paramref name="work"/> if no other instance is running the work of this name; false when skipped.</summary>
    public async Task<bool> RunExclusiveAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        await using var conn = await leases.OpenConnectionAsync(ct);
        var held = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(@cls, hashtext(@name))",
            new { cls = LockClass, name }, cancellationToken: ct));
        if (!held) return false;
        await work(ct);
        // Closing the session releases the lock; the explicit unlock just makes it visible sooner in pg_locks.
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@cls, hashtext(@name))", new { cls = LockClass, name }, cancellationToken: CancellationToken.None));
        return true;
    }

    public ValueTask DisposeAsync() => leases.DisposeAsync();
}
