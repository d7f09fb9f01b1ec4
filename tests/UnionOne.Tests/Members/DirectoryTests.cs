using UnionOne.Modules.Members.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class DirectoryTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Profile_gives_eligibility_facts_with_the_phone_masked()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var idNumber = MemberTestData.IdNumber(male: false, birth: new DateOnly(1990, 6, 15));
        var (id, memberNo) = await app.InsertMemberAsync(world.FactoryA, "简档", idNumber, phone, JobType.Courier, ["劳模", "工匠"]);
        var directory = app.Service<IMemberDirectory>();

        var profile = (await directory.ProfileAsync(id)).ShouldNotBeNull();

        profile.MemberNo.ShouldBe(memberNo);
        profile.UnionId.ShouldBe(world.FactoryA);
        profile.JobType.ShouldBe(JobType.Courier);
        profile.Tags.ShouldBe(["劳模", "工匠"]);
        profile.BirthDate.ShouldBe(new DateOnly(1990, 6, 15));
        profile.Gender.ShouldBe('F');
        profile.MaskedPhone.ShouldBe(phone[..3] + "****" + phone[7..]);
        (await directory.ProfileAsync(id + 100_000)).ShouldBeNull();
    }

    [Fact]
    public async Task Find_many_returns_the_members_that_exist_in_one_call()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (a, _) = await app.InsertMemberAsync(world.FactoryA, "甲某", MemberTestData.IdNumber(), MemberTestData.Phone());
        var (b, _) = await app.InsertMemberAsync(world.SchoolB, "乙某", MemberTestData.IdNumber(), MemberTestData.Phone());

        var found = await app.Service<IMemberDirectory>().FindManyAsync([a, b, a, b + 100_000]);

        found.Count.ShouldBe(2);
        found[a].Name.ShouldBe("甲某");
        found[b].UnionId.ShouldBe(world.SchoolB);
        (await app.Service<IMemberDirectory>().FindManyAsync([])).ShouldBeEmpty();
    }
}
