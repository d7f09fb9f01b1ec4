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
        var builder = new NpgsqlDataSourceBuilder(o.ReplicaConnectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "UnionOne replica reads";
        builder.ConnectionStringBuilder.MaxPoolSize = o.MaxPoolSize;
        builder.ConnectionStringBuilder.MaxAutoPrepare = 128;
        builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        // A replica that does not answer quickly is skipped, not waited for: the primary can serve the read.
        builder.ConnectionStringBuilder.Timeout = Math.Min(builder.ConnectionStringBuilder.Timeout, 3);
        builder.UseLoggerFactory(loggers);
        DataSource = builder.Build();
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
