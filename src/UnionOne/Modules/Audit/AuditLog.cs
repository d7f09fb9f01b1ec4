using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Audit;

internal sealed class AuditLog(NpgsqlDataSource dataSource, ICurrentUser user) : IAuditLog
{
    private const string Insert = """
        insert into audit.entries (actor_kind, actor_id, actor_name, ip, action, subject_kind, subject_id, union_id, detail)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    public async Task WriteAsync(AuditEntry entry, NpgsqlTransaction? transaction = null, CancellationToken ct = default)
    {
        var (kind, id, name) = Actor();
        var conn = transaction?.Connection;
        var owned = conn is null;
        conn ??= await dataSource.OpenConnectionAsync(ct);
        try
        {
            await using var cmd = new NpgsqlCommand(Insert, conn, transaction);
            cmd.Parameters.AddWithValue(kind);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)user.RemoteIp ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.AddWithValue(entry.Action);
            cmd.Parameters.AddWithValue(entry.SubjectKind);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.SubjectId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)entry.UnionId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new NpgsqlParameter
            {
                Value = entry.Detail is null ? DBNull.Value : JsonSerializer.Serialize(entry.Detail),
                NpgsqlDbType = NpgsqlDbType.Jsonb,
            });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (owned) await conn.DisposeAsync();
        }
    }

    private (string Kind, long? Id, string? Name) Actor() =>
        user.StaffId is { } staff ? ("staff", staff, user.StaffName)
        : user.MemberId is { } member ? ("member", member, null)
        : user.PhoneHash is not null ? ("member", null, user.PhoneMasked)
        : ("anonymous", null, null);
}
