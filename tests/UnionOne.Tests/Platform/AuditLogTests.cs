using Dapper;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace UnionOne.Tests.Platform;

public sealed class AuditLogTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private async Task WriteAsync(string action)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().WriteAsync(new AuditEntry(action, "test", "1", null, new { n = 1 }));
    }

    [Fact]
    public async Task Entries_cannot_be_updated_deleted_or_truncated()
    {
        await WriteAsync("test.immutable");
        await using var conn = await app.OpenAsync();
        var id = await conn.ExecuteScalarAsync<long>("select max(id) from audit.entries");
        (await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("update audit.entries set action = 'x' where id = @id", new { id }))).Message.ShouldContain("审计日志不可修改");
        await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("delete from audit.entries where id = @id", new { id }));
        await Should.ThrowAsync<PostgresException>(() => conn.ExecuteAsync("truncate audit.entries"));
        (await conn.ExecuteScalarAsync<string>("select action from audit.entries where id = @id", new { id })).ShouldBe("test.immutable");
    }

    [Fact]
    public async Task Concurrent_writers_keep_the_hash_chain_intact()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => WriteAsync($"test.chain.{i % 4}")));
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long?>("select audit.first_broken_link()")).ShouldBeNull();
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action like 'test.chain.%'")).ShouldBe(40);
    }
}
