using System.Net;
using Dapper;
using UnionOne.Modules.DemoData;
using UnionOne.Tests.DemoData;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Points;

public sealed class DemoPointsTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task The_demo_city_has_rules_four_items_and_members_with_points_who_can_redeem()
    {
        _ = app.Services; // starts the host: migrations, then the seeders
        await using var conn = await app.OpenAsync();
        var city = await conn.ExecuteScalarAsync<long>("select id from org.unions where level = 2");
        (await conn.QueryAsync<string>("select name from points.items where union_id = @city order by price", new { city }))
            .ShouldBe(["纯棉毛巾", "电影票（2D通兑券）", "不锈钢保温杯", "五常大米 5kg"]);
        (await conn.QueryAsync<(short, int)>("select kind, points from points.rules where union_id = @city order by kind", new { city }))
            .ShouldBe([(1, 20), (2, 5), (3, 10)]);
        (await conn.ExecuteScalarAsync<long>("select count(*) from points.awards where issuer_id = @city and kind = 4", new { city })).ShouldBe(DemoCitySeeder.MembersWithPoints);

        // A demo member in a grassroots union far below the city redeems the towel.
        var (member, unionId) = await conn.QuerySingleAsync<(long, long)>("select member_id, union_id from points.awards order by member_id limit 1");
        var balance = await app.BalanceAsync(member);
        balance.ShouldBeGreaterThanOrEqualTo(300);
        var towel = await conn.ExecuteScalarAsync<long>("select id from points.items where name = '纯棉毛巾'");
        var phone = Members.MemberTestData.Phone(); // the bearer token carries the member id; the phone only has to look like one
        var response = await app.MemberApi(phone, member).RedeemAsync(towel);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync() + app.Errors);
        (await app.BalanceAsync(member)).ShouldBe(balance - 200);
        unionId.ShouldNotBe(city);
        await app.BooksBalanceAsync();

        // A second start does not seed again.
        (await app.Service<Modules.Points.Contracts.IPointsDemoSeeder>().SeedAsync(city, [(member, unionId)])).ShouldBe(0);
    }
}
