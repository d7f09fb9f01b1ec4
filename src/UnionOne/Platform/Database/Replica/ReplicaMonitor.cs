using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace UnionOne.Platform.Database.Replica;

/// <summary>Every few seconds asks the replica how far behind it is, and lets reads go to it only while it is close enough.</summary>
internal sealed partial class ReplicaMonitor(ReplicaState replica, IOptions<DatabaseOptions> options, ILogger<ReplicaMonitor> log) : BackgroundService
{
    // Caught up (everything received is replayed): no lag, however long ago the last write was. Otherwise the age of the
    // last replayed transaction, which over-estimates after a quiet spell: erring towards the primary is the safe side.
    private const string LagSql = """
        select case when not pg_is_in_recovery() then null
                    when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                    else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (replica.DataSource is null) return;
        var o = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.ReplicaCheckSeconds));
        do
        {
            await CheckAsync(o, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task CheckAsync(DatabaseOptions o, CancellationToken ct)
    {
        var wasUsable = replica.Usable;
        try
        {
            await using var conn = await replica.DataSource!.OpenConnectionAsync(ct);
            var lag = await conn.ExecuteScalarAsync<double?>(new CommandDefinition(LagSql, cancellationToken: ct));
            // Not in recovery means the "replica" was promoted or is misconfigured: reading it could miss writes.
            var withinLimit = lag is { } l && l <= o.ReplicaMaxLagSeconds;
            replica.Report(lag, withinLimit);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            replica.Report(null, withinLimit: false);
        }
        if (wasUsable != replica.Usable)
        {
            if (replica.Usable) LogUsable(log, replica.LagSeconds ?? 0);
            else LogNotUsable(log, replica.LagSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read replica in use (lag {Lag:0.0} s)")]
    private static partial void LogUsable(ILogger log, double lag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read replica not used: unreachable or behind (lag {Lag} s); lag-tolerant reads go to the primary")]
    private static partial void LogNotUsable(ILogger log, double? lag);
}
