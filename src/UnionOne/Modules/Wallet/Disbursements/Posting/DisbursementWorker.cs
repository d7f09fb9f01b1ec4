using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Platform.Database;

namespace UnionOne.Modules.Wallet.Disbursements.Posting;

/// <summary>
/// Posts approved disbursements that are not finished: at start-up (so a restart resumes where the last process died), when
/// an approval wakes it, and every few seconds. Failures are logged and retried on the next round; the chunks make a
/// retry safe (see <see cref="DisbursementPoster"/>).
/// </summary>
internal sealed partial class DisbursementWorker(DisbursementPoster poster, WorkLeases leases, PostingSignal signal, IOptions<DisbursementOptions> options, ILogger<DisbursementWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.WorkerEnabled) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await leases.RunExclusiveAsync("wallet.disbursements", async ct =>
                {
                    await poster.RunPendingAsync(ct);
                    await poster.ReturnExpiredAsync(ct);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or Platform.Problems.BusinessRuleException)
            {
                LogFailed(log, e);
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(o.WorkerIntervalSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disbursement posting failed; it resumes on the next round")]
    private static partial void LogFailed(ILogger log, Exception e);
}
