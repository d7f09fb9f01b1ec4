using Microsoft.Extensions.Options;
using Npgsql;

namespace UnionOne.Platform.Database.Replica;

/// <summary>
/// The streaming replica, if one is configured, and whether it may be read from now: it answers and is no further behind
/// than <see cref="DatabaseOptions.ReplicaMaxLagSeconds"/>. <see cref="ReplicaMonitor"/> keeps this up to date; a failed
/// read marks it unusable at once.
/// </summary>
internal sealed class ReplicaState : IAsyncDisposable
{
    private volatile bool usable;

    public ReplicaState(IOptions<DatabaseOptions> options, ILoggerFactory loggers)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.ReplicaConnectionString)) return;
        // A replica that does not answer quickly is skipped, not waited for: the primary can serve the read.
        DataSource = DatabaseSetup.Build(o.ReplicaConnectionString, "UnionOne replica reads", o, loggers, csb => csb.Timeout = Math.Min(csb.Timeout, 3));
    }

    /// <summary>Null when no replica is configured.</summary>
    public NpgsqlDataSource? DataSource { get; }

    public bool Usable => usable && DataSource is not null;

    public double? LagSeconds { get; private set; }

    public void Report(double? lagSeconds, bool withinLimit)
    {
        LagSeconds = lagSeconds;
        usable = withinLimit;
    }

    public void MarkUnusable() => usable = false;

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null) await DataSource.DisposeAsync();
    }
}
