using Dapper;
using Npgsql;
using UnionOne.Modules.Messaging.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Messaging.Outbox;

/// <summary>
/// Development sender: stores the text in messaging.sms_outbox (phone encrypted) instead of sending it.
/// Staff read it at /console/sms-outbox. Production replaces this sender through Sms:Provider.
/// The phone number is never logged.
/// </summary>
internal sealed class OutboxSmsSender(NpgsqlDataSource dataSource, IPersonalDataCipher cipher, ILogger<OutboxSmsSender> logger) : ISmsSender
{
    public async Task SendAsync(string phone, string text, string purpose, CancellationToken ct = default)
    {
        var normalized = MobilePhone.TryNormalize(phone, out _)
            ?? throw new ArgumentException("The phone is not a valid mainland mobile number.", nameof(phone));
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into messaging.sms_outbox (phone_enc, phone_hash, purpose, body)
            values (@phoneEnc, @phoneHash, @purpose, @text)
            returning id
            """,
            new
            {
                phoneEnc = cipher.Encrypt(PersonalDataPurposes.Phone, normalized),
                phoneHash = cipher.LookupHash(PersonalDataPurposes.Phone, normalized),
                purpose,
                text,
            }, cancellationToken: ct));
        logger.LogInformation("SMS for {Purpose} written to the development outbox as #{OutboxId}", purpose, id);
    }
}
