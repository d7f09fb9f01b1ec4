using Npgsql;
using UnionOne.Platform.Database;

namespace UnionOne.Modules.MemberCode.Verify;

/// <summary>Every few minutes, drops single-use records of codes that have long expired.</summary>
internal sealed class CodeUsePruning(NpgsqlDataSource dataSource, WorkLeases leases, ILogger<CodeUsePruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await leases.RunExclusiveAsync("membercode.prune", ct => CodeUses.PruneAsync(dataSource, TimeSpan.FromMinutes(10), ct), stoppingToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Pruning member code uses failed; will retry");
            }
        }
    }
}
