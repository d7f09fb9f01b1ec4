using Dapper;
using UnionOne.Modules.DemoData;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.DemoData;

public sealed class LargeSeedTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Seed_large_fills_a_fresh_database_to_exactly_n_members_deterministically_and_a_second_call_adds_nothing()
    {
        var seeder = app.Service<ILargeDataSeeder>();

        await seeder.SeedLargeAsync(25_000, CancellationToken.None);

        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members")).ShouldBe(25_000);
        (await conn.ExecuteScalarAsync<long>("select count(distinct id_number_hash) from members.members")).ShouldBe(25_000);
        (await conn.ExecuteScalarAsync<long>("select count(distinct phone_hash) from members.members")).ShouldBe(25_000);
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.unions where level = 2")).ShouldBe(1);
        (await conn.ExecuteScalarAsync<long>("select count(distinct union_id) from members.members where id > (select min(id) + 19999 from members.members)")).ShouldBeGreaterThan(100);

        // Member k is a pure function of k: the first added member is person 20,000 of the generator.
        var (enc, region, gender) = await conn.QuerySingleAsync<(byte[], string, string)>("""
            select m.id_number_enc, u.region_code, m.gender from members.members m join org.unions u on u.id = m.union_id
            order by m.id offset 20000 limit 1
            """);
        var cipher = app.Service<IPersonalDataCipher>();
        cipher.Decrypt(PersonalDataPurposes.IdNumber, enc).ShouldBe(DemoPeople.IdNumber(20_000, region, gender == "M").Value);

        await seeder.SeedLargeAsync(25_000, CancellationToken.None);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members")).ShouldBe(25_000);

        await seeder.SeedLargeAsync(25_100, CancellationToken.None);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members")).ShouldBe(25_100);
    }
}
