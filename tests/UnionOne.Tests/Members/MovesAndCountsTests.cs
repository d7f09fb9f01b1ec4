using Dapper;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class MovesAndCountsTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Moving_all_members_keeps_history_and_readdresses_pending_work()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (m1, _) = await app.InsertMemberAsync(world.FactoryA, "任一", MemberTestData.IdNumber(), MemberTestData.Phone());
        var (m2, _) = await app.InsertMemberAsync(world.FactoryA, "任二", MemberTestData.IdNumber(), MemberTestData.Phone(), status: MemberStatus.Retired);
        var (m3, _) = await app.InsertMemberAsync(world.SchoolB, "任三", MemberTestData.IdNumber(), MemberTestData.Phone());
        var phone = MemberTestData.Phone();
        (await app.JoinAsync(phone, new { name = "任四", idNumber = MemberTestData.IdNumber(), phone, jobType = "企业职工", joinCode = await app.JoinCodeAsync(world.FactoryA) }))
            .StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        await using var conn = await app.OpenAsync();
        // An open transfer from the school into the factory, and one from the factory to the school.
        await conn.ExecuteAsync("insert into members.transfers (member_id, from_union_id, to_union_id, status) values (@m3, @s, @f, 1)", new { m3, s = world.SchoolB, f = world.FactoryA });
        var counts = app.Service<IMemberCounts>();
        (await counts.ActiveMembersByUnionAsync())[world.FactoryA].ShouldBe(1);

        var moves = app.Service<IMembershipMoves>();
        await using var tx = await conn.BeginTransactionAsync();
        (await moves.MoveAllAsync(world.FactoryA, world.SchoolB, "工会合并", tx)).ShouldBe(2);
        (await moves.ReaddressPendingAsync(world.FactoryA, world.SchoolB, tx)).ShouldBe(2);
        await tx.CommitAsync();

        (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @s and id in (@m1, @m2)", new { s = world.SchoolB, m1, m2 })).ShouldBe(2);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.membership_events where kind = 'moved' and member_id in (@m1, @m2) and detail->>'reason' = '工会合并'", new { m1, m2 })).ShouldBe(2);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.join_requests where union_id = @s and status = 1", new { s = world.SchoolB })).ShouldBe(1);
        // The transfer between the two merged unions had nothing left to do.
        (await conn.ExecuteScalarAsync<short>("select status from members.transfers where member_id = @m3", new { m3 })).ShouldBe((short)5);
        var after = await counts.ActiveMembersByUnionAsync();
        after.ContainsKey(world.FactoryA).ShouldBeFalse();
        after[world.SchoolB].ShouldBe(2);
    }

    [Fact]
    public async Task A_move_rolls_back_with_the_callers_transaction()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (m1, _) = await app.InsertMemberAsync(world.FactoryA, "严一", MemberTestData.IdNumber(), MemberTestData.Phone());
        await using var conn = await app.OpenAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            (await app.Service<IMembershipMoves>().MoveAllAsync(world.FactoryA, world.SchoolB, "试验", tx)).ShouldBe(1);
            await tx.RollbackAsync();
        }
        (await conn.ExecuteScalarAsync<long>("select union_id from members.members where id = @m1", new { m1 })).ShouldBe(world.FactoryA);
        (await conn.ExecuteScalarAsync<long>("select count(*) from members.membership_events where member_id = @m1", new { m1 })).ShouldBe(0);
    }
}
