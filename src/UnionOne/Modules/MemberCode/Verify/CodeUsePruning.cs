using Npgsql;

namespace UnionOne.Modules.MemberCode.Verify;

/// <summary>Every few minutes, drops single-use records of codes that have long expired.</summary>
internal sealed class CodeUsePruning(NpgsqlDataSource dataSource, ILogger<CodeUsePruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CodeUses.PruneAsync(dataSource, TimeSpan.FromMinutes(10), stoppingToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Pruning member code uses failed; will retry");
            }
        }
    }
}
