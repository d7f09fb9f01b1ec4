using Dapper;
using UnionOne.Modules.DemoData;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.DemoData;

public sealed class DemoPlacesLaterTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_demo_city_seeded_before_places_existed_gets_the_demo_places_once()
    {
        var seeder = app.Service<DemoCitySeeder>();
        await seeder.EnsureSeededAsync();
        await using var conn = await app.OpenAsync();
        var seeded = await conn.ExecuteScalarAsync<long>("select count(*) from places.places");
        seeded.ShouldBeGreaterThan(30);
        await conn.ExecuteAsync("""
            delete from places.access_events; delete from places.place_photos;
            delete from places.places where parent_place_id is not null; delete from places.places;
            """);

        (await seeder.EnsureSeededAsync()).ShouldBeFalse();
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.places")).ShouldBe(seeded, app.Errors);
        await seeder.EnsureSeededAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from places.places")).ShouldBe(seeded);
        (await conn.ExecuteScalarAsync<long>("select count(*) from org.unions")).ShouldBe(318);
    }
}
