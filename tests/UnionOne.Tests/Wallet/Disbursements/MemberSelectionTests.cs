using Dapper;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Wallet.Disbursements;

/// <summary>The Members module's IMemberSelection contract the disbursements build on.</summary>
public sealed class MemberSelectionTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private IMemberSelection Selection => app.Service<IMemberSelection>();

    [Fact]
    public async Task A_selection_takes_active_members_of_the_subtree_matching_every_filter_in_id_order()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var tag = TestActors.Unique("T")[..8];
        var march = await app.InsertMembersAsync(w.FactoryA, 6, tags: [tag, "工匠"], birthMonth: 3);
        var may = await app.InsertMembersAsync(w.DistrictA, 4, tags: [tag], birthMonth: 5, jobType: 10);
        var elsewhere = await app.InsertMembersAsync(w.DistrictB, 3, tags: [tag], birthMonth: 3);
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update members.members set status = 4 where id = @id", new { id = march[^1] });
        var subtree = await app.Service<IOrganisationDirectory>().SubtreeAsync([w.DistrictA]);

        (await Selection.ActiveMembersAsync(subtree, new MemberSelectionFilter(Tag: tag))).Select(m => m.Id).ShouldBe([.. march[..^1], .. may]);
        (await Selection.ActiveMembersAsync(subtree, new MemberSelectionFilter(BirthMonth: 3, Tag: tag))).Select(m => m.Id).ShouldBe(march[..^1]);
        (await Selection.ActiveMembersAsync(subtree, new MemberSelectionFilter(Tag: tag, JobType: JobType.Rider))).Select(m => m.Id).ShouldBe(may);
        (await Selection.CountActiveAsync(subtree, new MemberSelectionFilter(BirthMonth: 5, Tag: tag))).ShouldBe(4);
        (await Selection.ActiveMembersAsync(SubtreeFilter.Everything, new MemberSelectionFilter(Tag: tag))).Count.ShouldBe(5 + 4 + 3);
        (await Selection.ActiveMembersAsync(SubtreeFilter.Nothing, new MemberSelectionFilter(Tag: tag))).ShouldBeEmpty();
        var selected = await Selection.ActiveMembersAsync(subtree, new MemberSelectionFilter(Tag: tag, JobType: JobType.Rider));
        selected[0].MemberNo.ShouldStartWith("M");
        elsewhere.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_look_up_finds_members_by_number_or_by_name_with_a_masked_or_full_id_number()
    {
        var w = await DisbursementWorld.CreateAsync(app);
        var name = MemberTestData.Name();
        var id = MemberTestData.IdNumber("330102");
        var (memberId, no) = await app.InsertMemberAsync(w.FactoryA, name, id, MemberTestData.Phone());
        var masked = UnionOne.Platform.Security.Mask.IdNumber(id);

        var found = await Selection.LookupAsync(
        [
            new MemberLookup(no, null, null),
            new MemberLookup(null, name, masked),
            new MemberLookup(null, name, id),
            new MemberLookup(null, name, "110101" + masked[6..]),
            new MemberLookup(null, name + "x", masked),
            new MemberLookup("M0000000000", name, masked),
            new MemberLookup(null, null, masked),
        ]);

        found.Select(f => f.Count).ShouldBe([1, 1, 1, 0, 0, 0, 0]);
        found.Take(3).ShouldAllBe(f => f[0].Id == memberId && f[0].MemberNo == no && f[0].UnionId == w.FactoryA && f[0].Status == MemberStatus.Active);
    }
}
