using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Messaging.Contracts;

namespace UnionOne.Modules.Libraries.Reminders;

/// <summary>
/// Overdue reminders by SMS (through the platform's ISmsSender, the outbox in development). Each overdue open loan is
/// reminded once, then again every ReminderRepeatDays while it stays out. Loans are claimed with a conditional update
/// before sending, so two sweeps (two instances, or the hosted sweep and a direct call) never remind a loan twice a day.
/// </summary>
internal sealed class OverdueReminders(
    NpgsqlDataSource dataSource,
    IMemberDirectory members,
    IServiceProvider services,
    IOptionsMonitor<LibraryOptions> options,
    TimeProvider clock,
    IStringLocalizer<LibrariesText> l,
    ILogger<OverdueReminders> logger)
{
    public const string Purpose = "library-overdue";
    private const int Batch = 500;

    /// <summary>Sends the reminders due now; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var today = LibraryClock.Today(clock);
        var sender = services.GetService<ISmsSender>();
        if (sender is null)
        {
            logger.LogWarning("No SMS sender is registered; overdue reminders were not sent");
            return 0;
        }
        var sent = 0;
        while (true)
        {
            List<Due> due;
            await using (var conn = await dataSource.OpenConnectionAsync(ct))
            {
                due = (await conn.QueryAsync<Due>(new CommandDefinition("""
                    with claimed as (
                        update libraries.loans l set last_reminded_on = @today::date, reminders = l.reminders + 1
                        where l.id in (
                            select id from libraries.loans
                            where returned_at is null and due_on < @today::date
                              and (last_reminded_on is null or last_reminded_on <= @today::date - @repeat)
                            order by due_on, id
                            limit @batch
                            for update skip locked)
                        returning l.id, l.member_id, l.copy_id, l.due_on)
                    select c.id as LoanId, c.member_id as MemberId, c.due_on as DueOn, t.title as Title
                    from claimed c join libraries.copies cp on cp.id = c.copy_id join libraries.titles t on t.id = cp.title_id
                    """, new { today = LibraryClock.Sql(today), repeat = options.CurrentValue.ReminderRepeatDays, batch = Batch }, cancellationToken: ct))).ToList();
            }
            foreach (var loan in due)
            {
                var phone = await members.NoticePhoneAsync(loan.MemberId, ct);
                if (phone is null) continue;
                var text = l["【职工书屋】您借阅的《{0}》应于{1}归还，已逾期{2}天。请尽快到任一职工书屋归还，无需押金。", loan.Title,
                    loan.DueOn.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture), today.DayNumber - loan.DueOn.DayNumber];
                try
                {
                    await sender.SendAsync(phone, text, Purpose, ct);
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The exception text may quote the number: log its type only.
                    logger.LogWarning("Sending the overdue reminder for loan {LoanId} failed ({Error})", loan.LoanId, e.GetType().Name);
                }
            }
            if (due.Count < Batch) return sent;
        }
    }

    private sealed record Due(long LoanId, long MemberId, DateOnly DueOn, string Title);
}

/// <summary>Runs the overdue sweep every ReminderSweepMinutes while RemindersEnabled.</summary>
internal sealed class OverdueReminderService(IServiceScopeFactory scopes, Platform.Database.WorkLeases leases, IOptionsMonitor<LibraryOptions> options, ILogger<OverdueReminderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var rules = options.CurrentValue;
            if (rules.RemindersEnabled)
            {
                try
                {
                    await leases.RunExclusiveAsync("libraries.overdue-reminders", async ct =>
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        var sent = await scope.ServiceProvider.GetRequiredService<OverdueReminders>().SendDueAsync(ct);
                        if (sent > 0) logger.LogInformation("Sent {Count} overdue library reminders", sent);
                    }, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The overdue library reminder sweep failed; it runs again at the next interval");
                }
            }
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(rules.ReminderSweepMinutes), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
