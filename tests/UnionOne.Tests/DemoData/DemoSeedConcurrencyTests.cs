using Dapper;
using UnionOne.Modules.DemoData;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.DemoData;

public sealed class DemoSeedConcurrencyTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Two_seeders_starting_together_seed_once()
    {
        var seeder = app.Service<DemoCitySeeder>();

        var results = await Task.WhenAll(Task.Run(() => seeder.EnsureSeededAsync()), Task.Run(() => seeder.EnsureSeededAsync()));

        results.Count(seeded => seeded).ShouldBe(1, app.Errors);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.unions where level = 2")).ShouldBe(1);
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.unions")).ShouldBe(318);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members")).ShouldBe(DemoCitySeeder.Members);
        (await conn.ExecuteScalarAsync<long>("select count(*) from identity.staff_users")).ShouldBe(DemoAccounts.All.Length);
    }

}
