using Dapper;
using Npgsql;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Messaging.Outbox;

/// <summary>One outbox message as staff see it: the phone masked, the time in Beijing time.</summary>
internal sealed record OutboxMessage(long Id, string PhoneMasked, string Purpose, string Body, DateTime CreatedAt, string CreatedAtBeijing);

internal sealed record OutboxPage(IReadOnlyList<OutboxMessage> Items, int Page, int PageSize, long Total)
{
    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads the development outbox, newest first.</summary>
internal sealed class OutboxQueries(NpgsqlDataSource dataSource, IPersonalDataCipher cipher)
{
    public async Task<OutboxPage> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from messaging.sms_outbox", cancellationToken: ct));
        var rows = await conn.QueryAsync<Row>(new CommandDefinition("""
            select id, phone_enc as PhoneEnc, purpose, body, created_at as CreatedAt
            from messaging.sms_outbox
            order by id desc
            limit @pageSize offset @offset
            """, new { pageSize, offset = (long)(page - 1) * pageSize }, cancellationToken: ct));
        var items = rows.Select(r => new OutboxMessage(r.Id, Mask.Phone(cipher.Decrypt(PersonalDataPurposes.Phone, r.PhoneEnc)),
            r.Purpose, r.Body, r.CreatedAt, BeijingTime.Format(r.CreatedAt))).ToList();
        return new OutboxPage(items, page, pageSize, total);
    }

    private sealed record Row(long Id, byte[] PhoneEnc, string Purpose, string Body, DateTime CreatedAt);
}
