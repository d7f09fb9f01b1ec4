using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Organisations;

/// <summary>A small tree: city → districts A and B → a federation in A → grassroots unions; staff at each level.</summary>
internal sealed record OrgTree(long City, long DistrictA, long DistrictB, long FederationA, long FactoryA, long SchoolA, long FactoryB,
    long CityChair, long DistrictAChair, long DistrictBChair, long DistrictAViewer)
{
    private static int sequence;

    public static string CreditCode()
    {
        var body = "91331002" + Interlocked.Increment(ref sequence).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return body + SocialCreditCode.CheckCharacter(body);
    }

    public static async Task<OrgTree> CreateAsync(UnionOneApp app)
    {
        var city = await app.CreateUnionAsync("台州市总工会", UnionLevel.City, null, "331000", "federation");
        var a = await app.CreateUnionAsync("椒江区总工会", UnionLevel.County, city, "331002", "federation");
        var b = await app.CreateUnionAsync("黄岩区总工会", UnionLevel.County, city, "331003", "federation");
        var fed = await app.CreateUnionAsync("海门街道工会联合会", UnionLevel.Federation, a, "331002", "street-federation");
        var factoryA = await app.CreateUnionAsync("台州海正机械有限公司工会", UnionLevel.Grassroots, fed, "331002", "enterprise", employees: 120);
        var schoolA = await app.CreateUnionAsync("椒江区第一中学工会", UnionLevel.Grassroots, fed, "331002", "school", employees: 80);
        var factoryB = await app.CreateUnionAsync("黄岩模具厂工会", UnionLevel.Grassroots, b, "331003", "enterprise", employees: 60);
        return new OrgTree(city, a, b, fed, factoryA, schoolA, factoryB,
            await app.CreateStaffAsync(TestActors.Unique("city"), "Passw0rd!x", (city, StaffRole.Chair)),
            await app.CreateStaffAsync(TestActors.Unique("dista"), "Passw0rd!x", (a, StaffRole.Chair)),
            await app.CreateStaffAsync(TestActors.Unique("distb"), "Passw0rd!x", (b, StaffRole.Chair)),
            await app.CreateStaffAsync(TestActors.Unique("viewa"), "Passw0rd!x", (a, StaffRole.Viewer)));
    }
}
