using Microsoft.Extensions.Options;
using UnionOne.Modules.Bookings.Resources;
using UnionOne.Platform.Database;

namespace UnionOne.Modules.Bookings.NoShows;

/// <summary>The hosted timer: records no-shows of ended slots and keeps slots generated ahead, every sweep interval.</summary>
internal sealed class BookingsWorker(IServiceScopeFactory scopes, WorkLeases leases, IOptions<BookingOptions> options, TimeProvider clock, ILogger<BookingsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), clock);
        do
        {
            try
            {
                await leases.RunExclusiveAsync("bookings.sweep", async ct =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var sweep = await scope.ServiceProvider.GetRequiredService<NoShowService>().SweepAsync(ct);
                    var seats = await scope.ServiceProvider.GetRequiredService<ResourceService>().TopUpAllAsync(ct);
                    if (sweep.NoShows + sweep.Attended + seats > 0)
                        logger.LogInformation("Bookings sweep: {Attended} attended, {NoShows} no-shows, {Blocked} blocked; {Seats} seats generated",
                            sweep.Attended, sweep.NoShows, sweep.Blocked, seats);
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Bookings sweep failed; it runs again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
