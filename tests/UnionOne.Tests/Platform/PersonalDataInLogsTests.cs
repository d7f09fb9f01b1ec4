using System.Net.Http.Json;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Platform;

/// <summary>With the production log configuration, no full ID number or phone reaches a log line, whatever the request carried.</summary>
public sealed class PersonalDataInLogsTests(VerboseLogsApp app) : IClassFixture<VerboseLogsApp>
{
    [Fact]
    public async Task Searching_revealing_and_joining_never_log_an_id_number_or_phone()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var idNumber = MemberTestData.IdNumber(world.RegionA);
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "沈立新", idNumber, phone);
        var staff = await app.StaffApiAsync(world.OfficerA);

        (await staff.GetAsync($"/api/v1/members?phone={phone}")).EnsureSuccessStatusCode();
        (await staff.GetAsync($"/api/v1/members?q=沈&idSuffix={idNumber[^4..]}")).EnsureSuccessStatusCode();
        (await staff.PostAsJsonAsync($"/api/v1/members/{memberId}/reveal", new { field = "idNumber" })).EnsureSuccessStatusCode();
        var otherPhone = MemberTestData.Phone();
        await app.MemberApi(otherPhone).PostAsJsonAsync("/api/v1/join-requests", new
        {
            name = "韩雪梅", idNumber = MemberTestData.IdNumber(world.RegionA), phone = otherPhone, jobType = "worker", joinCode = await app.JoinCodeAsync(world.FactoryA),
        });
        await app.Anonymous().PostAsJsonAsync("/api/v1/auth/member/code", new { phone = otherPhone });

        app.Logs.Lines.ShouldNotBeEmpty();
        app.Logs.Lines.ShouldContain(l => l.Contains("/api/v1/members", StringComparison.Ordinal), "request logging is on");
        foreach (var secret in new[] { phone, idNumber, otherPhone })
            app.Logs.Lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
