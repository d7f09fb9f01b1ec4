using System.Net;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform;

public sealed class TestActorsTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Minted_bearer_token_authenticates_and_scope_covers_the_subtree_only()
    {
        var city = await app.CreateUnionAsync("测试市总工会", UnionLevel.City, regionCode: "330100");
        var district = await app.CreateUnionAsync("测试区总工会", UnionLevel.County, city, "330102");
        var staff = await app.CreateStaffAsync(TestActors.Unique("s"), "Passw0rd!x", (district, StaffRole.Officer));

        (await app.Anonymous().GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var client = await app.StaffApiAsync(staff);
        (await client.GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
    }
}
