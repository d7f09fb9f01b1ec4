using Npgsql;

namespace UnionOne.Modules.Members.Card;

/// <summary>
/// Holds one connection that LISTENs for member_card_changed and hands each notification to the <see cref="CardCache"/>.
/// PostgreSQL delivers notifications only after commit and in commit order, so a change is never announced before it
/// can be read. A connection that dies silently is found by a round trip after <see cref="IdleCheck"/> without
/// notifications; while there is no connection the cache is off, and it starts empty on every reconnection.
/// </summary>
internal sealed class CardChangeListener(NpgsqlDataSource dataSource, CardCache cache, ILogger<CardChangeListener> logger) : BackgroundService
{
    public const string Channel = "member_card_changed";
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Member card change notifications interrupted; cards are read from the database until they resume");
            }
            try
            {
                await Task.Delay(Retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        conn.Notification += (_, e) => cache.Changed(e.Payload);
        try
        {
            await using (var listen = new NpgsqlCommand($"listen {Channel}", conn)) await listen.ExecuteNonQueryAsync(ct);
            cache.Connected();
            while (true)
            {
                if (await conn.WaitAsync(IdleCheck, ct)) continue;
                // Names the channel, so the connection can be told apart in pg_stat_activity.
                await using var ping = new NpgsqlCommand($"select '{Channel}'", conn);
                await ping.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            cache.Disconnected();
            // The connection goes back to the pool: it must not keep listening there.
            if (conn.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await using var unlisten = new NpgsqlCommand("unlisten *", conn);
                    await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    logger.LogDebug(e, "unlisten failed on a closing listener connection");
                }
            }
        }
    }
}
