using Dapper;
using Npgsql;
using UnionOne.Modules.Polls.Contracts;

namespace UnionOne.Modules.Polls.Demo;

/// <summary>The demo city's poll: which activities members want this year (up to 2 of 5, results live), open for two weeks, once.</summary>
internal sealed class DemoPoll(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DemoPoll> logger) : IPollDemoSeeder
{
    public const string Question = "您最希望工会今年多举办哪类活动？";

    private static readonly string[] Options = ["职工技能培训（工匠讲堂）", "职工电影之夜", "职工子女暑期托管", "集体婚礼", "健步走比赛"];

    public async Task<int> SeedAsync(long cityUnionId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtext('polls.demo'))", transaction: tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from polls.polls)", transaction: tx, cancellationToken: ct)))
            return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into polls.polls (union_id, question, description, max_choices, results_visibility, opens_at, closes_at)
            values (@cityUnionId, @Question, '最多可选2项，投票期间可实时查看结果。', 2, 1, @opens, @closes)
            returning id
            """, new { cityUnionId, Question, opens = now.AddDays(-1), closes = now.AddDays(14) }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into polls.options (poll_id, option_no, text) select @id, n::smallint, t from unnest(@Options::text[]) with ordinality as x(t, n)
            """, new { id, Options }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data: an open poll with {Count} options", Options.Length);
        return 1;
    }
}
