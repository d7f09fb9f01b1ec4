using Microsoft.Extensions.Options;
using UnionOne.Platform.Database;

namespace UnionOne.Modules.SubsidyEvents.Receipts;

/// <summary>The hosted timer that sends due SMS receipts every <see cref="SubsidyOptions.ReceiptIntervalSeconds"/>.</summary>
internal sealed class ReceiptWorker(IServiceScopeFactory scopes, WorkLeases leases, IOptions<SubsidyOptions> options, TimeProvider clock, ILogger<ReceiptWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ReceiptIntervalSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await leases.RunExclusiveAsync("subsidy.receipts", async ct =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var sent = await scope.ServiceProvider.GetRequiredService<ReceiptService>().SendPendingAsync(ct);
                    if (sent > 0) logger.LogInformation("Subsidy events: {Count} SMS receipts sent", sent);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sending subsidy receipts failed; it runs again at the next interval");
            }
        }
    }
}
