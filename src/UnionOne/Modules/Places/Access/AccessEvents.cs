using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.Places.Access;

internal sealed class AccessEvents(NpgsqlDataSource dataSource) : IAccessEvents
{
    private const string InsertSql = """
        insert into places.access_events (place_id, device_id, member_id, direction, admitted, reason, at)
        values ($1, $2, $3, $4, $5, $6, coalesce($7, now()))
        """;

    public NpgsqlBatchCommand RecordCommand(AccessEvent accessEvent)
    {
        var command = new NpgsqlBatchCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accessEvent.PlaceId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)accessEvent.DeviceId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)accessEvent.MemberId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)accessEvent.Direction });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = accessEvent.Admitted });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)accessEvent.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)accessEvent.AtUtc ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return command;
    }

    public async Task RecordAsync(AccessEvent accessEvent, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(RecordCommand(accessEvent));
        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> HasEntryAsync(long memberId, long placeId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            select exists (select 1 from places.access_events
                           where member_id = $1 and place_id = $2 and admitted and direction = 1 and at >= $3 and at < $4)
            """, conn);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = memberId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = placeId });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = fromUtc });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = toUtc });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}
