using Npgsql;

namespace UnionOne.Platform.Database.Replica;

/// <summary>
/// Where a read that may be a few seconds stale runs (member lists, counts, reports): on the replica while it is usable,
/// unless this client wrote recently (<see cref="ReadYourWrites"/>), in which case on the primary so that it sees its
/// own write. A read that fails on the replica for a connection reason is retried once on the primary.
/// Writes and reads that decide a write never use this: they take the primary <see cref="NpgsqlDataSource"/>.
/// </summary>
internal sealed class LagTolerantReads(NpgsqlDataSource primary, ReplicaState replica, IHttpContextAccessor http)
{
    public bool UsesReplica => replica.Usable && !ReadYourWrites.WroteRecently(http.HttpContext);

    public async Task<T> RunAsync<T>(Func<NpgsqlDataSource, Task<T>> read)
    {
        if (!UsesReplica) return await read(primary);
        try
        {
            return await read(replica.DataSource!);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            replica.MarkUnusable();
            return await read(primary);
        }
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is TimeoutException || (e is NpgsqlException n && (n.IsTransient || n is not PostgresException)) ||
        (e is PostgresException p && (p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal)));
}
