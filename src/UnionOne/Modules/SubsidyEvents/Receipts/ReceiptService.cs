using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Messaging.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;

namespace UnionOne.Modules.SubsidyEvents.Receipts;

/// <summary>
/// Sends the SMS receipt to every member holding a place who has not had one: a batch of such applications is locked
/// (SKIP LOCKED, so two instances never take the same ones), each gets a fresh one-time entry code whose hash is stored, the batch
/// commits, and then the texts go to the SMS sender (the outbox). A member whose text was lost can still enter by member code.
/// </summary>
internal sealed class ReceiptService(
    NpgsqlDataSource dataSource,
    IMemberDirectory members,
    ISmsSender sms,
    IOptions<SubsidyOptions> options,
    TimeProvider clock,
    IStringLocalizer<SubsidyEventsText> l,
    ILogger<ReceiptService> logger)
{
    public const string Purpose = "subsidy-receipt";

    /// <summary>Sends receipts until none is due; returns how many were sent.</summary>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var sent = 0;
        while (true)
        {
            var batch = await TakeBatchAsync(ct);
            if (batch.Count == 0) return sent;
            foreach (var r in batch)
            {
                var phone = await members.NoticePhoneAsync(r.MemberId, ct);
                if (phone is null) continue;
                try
                {
                    await sms.SendAsync(phone, l["【工会一码通】您已获得“{0}”入场名额：{1}，地点：{2}。入场码 {3}（仅限使用一次），也可出示会员码入场。",
                        r.Name, LocalTime.SlotText(r.StartsAt, r.EndsAt), r.Venue, r.Code], Purpose, ct);
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Subsidy receipt for application {ApplicationId} could not be sent", r.ApplicationId);
                }
            }
        }
    }

    private async Task<List<Due>> TakeBatchAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = (await conn.QueryAsync<(long Id, long EventId, long MemberId, string Name, string Venue, DateTime StartsAt, DateTime EndsAt)>(new CommandDefinition("""
            select a.id, a.event_id, a.member_id, e.name, e.venue, s.starts_at, s.ends_at
            from subsidy.applications a join subsidy.slots s on s.id = a.slot_id join subsidy.events e on e.id = a.event_id
            where a.status = 2 and a.receipt_sent_at is null
            order by a.id limit @batch
            for update of a skip locked
            """, new { batch = options.Value.ReceiptBatch }, tx, cancellationToken: ct))).AsList();
        var due = rows.Select(r => new Due(r.Id, r.EventId, r.MemberId, r.Name, r.Venue, r.StartsAt, r.EndsAt, EntryCodes.New())).ToList();
        if (due.Count > 0)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                update subsidy.applications a set entry_code_hash = c.hash, receipt_sent_at = @now
                from unnest(@ids, @hashes) as c(id, hash) where a.id = c.id
                """, new { ids = due.Select(d => d.ApplicationId).ToArray(), hashes = due.Select(d => EntryCodes.Hash(d.EventId, d.Code)).ToArray(), now },
                tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return due;
    }

    private sealed record Due(long ApplicationId, long EventId, long MemberId, string Name, string Venue, DateTime StartsAt, DateTime EndsAt, string Code);
}
