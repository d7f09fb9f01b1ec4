using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Platform.Database;

namespace UnionOne.Modules.Wallet;

/// <summary>Returns what is left of expired funds to the fund that issued them, and forgets idempotency keys past their time.</summary>
internal sealed partial class WalletWorker(NpgsqlDataSource dataSource, WorkLeases leases, IOptions<WalletOptions> options, ILogger<WalletWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.WorkerIntervalSeconds));
        do
        {
            try
            {
                await leases.RunExclusiveAsync("wallet.expiry", RunOnceAsync, stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogFailed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var expired = 0;
        int batch;
        do
        {
            batch = await conn.ExecuteScalarAsync<int>(new CommandDefinition("select wallet.expire_lots(500)", cancellationToken: ct));
            expired += batch;
        }
        while (batch == 500);
        await conn.ExecuteAsync(new CommandDefinition("delete from wallet.requests where created_at < now() - make_interval(hours => @hours)",
            new { hours = options.Value.KeepRequestKeysHours }, cancellationToken: ct));
        if (expired > 0) LogExpired(log, expired);
        return expired;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Returned {Count} expired fund lots to their unions")]
    private static partial void LogExpired(ILogger log, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet worker run failed")]
    private static partial void LogFailed(ILogger log, Exception e);
}
