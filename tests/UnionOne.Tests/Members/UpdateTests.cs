using System.Net;
using System.Net.Http.Json;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Members;

public sealed class UpdateTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Status_and_tags_change_with_history_and_audit()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "程刚", MemberTestData.IdNumber(), MemberTestData.Phone(), tags: ["困难职工"]);
        var staff = await app.StaffApiAsync(world.OfficerA);

        var response = await staff.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { status = "已退休", addTags = new[] { "劳模", "工匠" }, removeTags = new[] { "困难职工" } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + app.Errors);
        var member = (await response.JsonAsync()).GetProperty("member");
        member.GetProperty("status").GetString().ShouldBe("retired");
        member.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ShouldBe(["劳模", "工匠"]);
        (await app.CountAsync("select count(*) from members.membership_events where member_id = @memberId and kind in ('status_changed', 'tags_changed')", new { memberId })).ShouldBe(2);
        (await app.CountAsync("select count(*) from audit.entries where action = @a and subject_id = @s", new { a = AuditActions.MemberUpdated, s = memberId.ToString() })).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_tags_and_statuses_are_refused_and_change_nothing()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, "叶青", MemberTestData.IdNumber(), MemberTestData.Phone(), tags: ["劳模"]);
        var staff = await app.StaffApiAsync(world.OfficerA);

        var markup = await staff.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { addTags = new[] { "<b>x</b>" } });
        markup.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await markup.JsonAsync()).GetProperty("errors").GetProperty("addTags")[0].GetString().ShouldBe("标签只能包含汉字、字母和数字");
        var tooLong = await staff.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { addTags = new[] { "一二三四五六七八九十一" } });
        (await tooLong.JsonAsync()).GetProperty("errors").GetProperty("addTags")[0].GetString().ShouldBe("每个标签最多10个字符");
        var tooMany = await staff.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { addTags = Enumerable.Range(1, 10).Select(i => "标签" + i).ToArray() });
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.JsonAsync()).GetProperty("errors").GetProperty("addTags")[0].GetString().ShouldBe("每位会员最多10个标签");
        var badStatus = await staff.PatchAsJsonAsync($"/api/v1/members/{memberId}", new { status = "dead" });
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await app.CountAsync("select count(*) from members.members where id = @memberId and tags = array['劳模'] and status = 1", new { memberId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from members.membership_events where member_id = @memberId", new { memberId })).ShouldBe(0);

        (await (await app.StaffApiAsync(world.ViewerA)).PatchAsJsonAsync($"/api/v1/members/{memberId}", new { status = "left" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.StaffApiAsync(world.OfficerB)).PatchAsJsonAsync($"/api/v1/members/{memberId}", new { status = "left" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CountAsync("select status from members.members where id = @memberId", new { memberId })).ShouldBe(1);
    }
}
