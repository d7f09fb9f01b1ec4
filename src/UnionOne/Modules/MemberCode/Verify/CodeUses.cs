using Npgsql;

namespace UnionOne.Modules.MemberCode.Verify;

/// <summary>The single-use record: the primary key (nonce, scope) lets exactly one of any number of concurrent scans through.</summary>
internal static class CodeUses
{
    public static async Task<bool> TryUseAsync(NpgsqlDataSource dataSource, long nonce, string scope, long memberId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "insert into member_code.code_uses (nonce, scope, member_id) values ($1, $2, $3) on conflict do nothing");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nonce });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = memberId });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// The single-use insert without ON CONFLICT, for a batch: a second use fails with a unique violation, which aborts the
    /// batch's implicit transaction so nothing after it in the batch is written either.
    /// </summary>
    public static NpgsqlBatchCommand StrictUseCommand(long nonce, string scope, long memberId)
    {
        var command = new NpgsqlBatchCommand("insert into member_code.code_uses (nonce, scope, member_id) values ($1, $2, $3)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = nonce });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = scope });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = memberId });
        return command;
    }

    /// <summary>Removes records older than any code's life (they can no longer matter).</summary>
    public static async Task<int> PruneAsync(NpgsqlDataSource dataSource, TimeSpan olderThan, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("delete from member_code.code_uses where used_at < now() - $1");
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = olderThan });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
