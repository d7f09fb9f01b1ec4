using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Libraries.Reminders;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Libraries;

public sealed class LoanTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_member_borrows_here_and_returns_there_and_the_copy_moves()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staffA = await app.StaffApiAsync(world.OfficerA);
        var staffB = await app.StaffApiAsync(world.OfficerB);
        var libraryA = await app.CreateLibraryAsync(staffA, world.FactoryA, "纺织厂职工书屋");
        var libraryB = await app.CreateLibraryAsync(staffB, world.SchoolB, "中学职工书屋");
        var barcode = (await staffA.AddTitleAsync(libraryA, "9787020002207", "红楼梦"))[0];
        var member = await app.MemberAsync(world.SchoolB);

        var borrowed = await staffA.PostAsJsonAsync($"/api/v1/libraries/{libraryA}/loans", new { memberNo = member.MemberNo, barcode });
        borrowed.StatusCode.ShouldBe(HttpStatusCode.Created, await borrowed.Content.ReadAsStringAsync());
        var loan = await borrowed.JsonAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        loan.GetProperty("dueOn").GetString().ShouldBe(today.AddDays(30).ToString("yyyy-MM-dd"));
        loan.GetProperty("title").GetString().ShouldBe("红楼梦");

        // Member sees it under my loans.
        var mine = await (await app.MemberApi(member.Phone, member.Id).GetAsync("/api/v1/me/loans")).JsonAsync();
        mine.GetArrayLength().ShouldBe(1);
        mine[0].GetProperty("barcode").GetString().ShouldBe(barcode);

        // Returned at the other district's library: the loan closes and the copy now stands there.
        var returned = await staffB.PostAsJsonAsync($"/api/v1/libraries/{libraryB}/returns", new { barcode });
        returned.StatusCode.ShouldBe(HttpStatusCode.OK, await returned.Content.ReadAsStringAsync());
        (await returned.JsonAsync()).GetProperty("awayFromHome").GetBoolean().ShouldBeTrue();
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select location_place_id from libraries.copies where barcode = @barcode", new { barcode })).ShouldBe(libraryB);
        (await conn.ExecuteScalarAsync<long>("select returned_place_id from libraries.loans where copy_id = (select id from libraries.copies where barcode = @barcode)", new { barcode })).ShouldBe(libraryB);

        // It can now be borrowed at B, not at A.
        var atA = await staffA.PostAsJsonAsync($"/api/v1/libraries/{libraryA}/loans", new { memberNo = member.MemberNo, barcode });
        atA.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await atA.ProblemDetailAsync()).ShouldContain("中学职工书屋");
        (await staffB.PostAsJsonAsync($"/api/v1/libraries/{libraryB}/loans", new { memberNo = member.MemberNo, barcode })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Returning_a_book_that_is_not_on_loan_is_refused_and_changes_nothing()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staffA = await app.StaffApiAsync(world.OfficerA);
        var staffB = await app.StaffApiAsync(world.OfficerB);
        var libraryA = await app.CreateLibraryAsync(staffA, world.FactoryA);
        var libraryB = await app.CreateLibraryAsync(staffB, world.SchoolB);
        var barcode = (await staffA.AddTitleAsync(libraryA, "9787101111118", "呐喊"))[0];
        var before = await SnapshotAsync(barcode);

        var response = await staffB.PostAsJsonAsync($"/api/v1/libraries/{libraryB}/returns", new { barcode });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ProblemDetailAsync()).ShouldBe($"该册图书（{barcode}）当前未被借出，无需归还");
        (await SnapshotAsync(barcode)).ShouldBe(before);

        var unknown = await staffB.PostAsJsonAsync($"/api/v1/libraries/{libraryB}/returns", new { barcode = "NO-SUCH-BOOK" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ProblemDetailAsync()).ShouldBe("未找到条码为NO-SUCH-BOOK的图书");
    }

    [Fact]
    public async Task A_copy_is_never_on_two_loans_however_many_desks_ask_at_once()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA);
        var barcode = (await staff.AddTitleAsync(library, "9787544700016", "活着"))[0];
        var members = new List<string>();
        for (var i = 0; i < 12; i++) members.Add((await app.MemberAsync(world.FactoryA)).MemberNo);
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.StaffApiAsync(world.OfficerA)));

        var responses = await Task.WhenAll(members.Select((no, i) =>
            clients[i % clients.Length].PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = no, barcode })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1, app.Errors);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(members.Count - 1, app.Errors);
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            (await r.ProblemDetailAsync()).ShouldBe("该册图书已借出，尚未归还");
        (await app.CountAsync("select count(*) from libraries.loans where copy_id = (select id from libraries.copies where barcode = @barcode)", new { barcode })).ShouldBe(1);
    }

    [Fact]
    public async Task Renewals_stop_at_the_limit_and_once_overdue()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA);
        var barcodes = await staff.AddTitleAsync(library, "9787111111115", "围城", copies: 2);
        var member = await app.MemberAsync(world.FactoryA);
        var api = app.MemberApi(member.Phone, member.Id);
        var loan1 = (await (await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = member.MemberNo, barcode = barcodes[0] })).JsonAsync()).GetProperty("id").GetInt64();
        var loan2 = (await (await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = member.MemberNo, barcode = barcodes[1] })).JsonAsync()).GetProperty("id").GetInt64();

        (await api.PostAsync($"/api/v1/me/loans/{loan1}/renew", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await staff.PostAsync($"/api/v1/libraries/{library}/loans/{loan1}/renew", null);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.JsonAsync()).GetProperty("renewalsLeft").GetInt32().ShouldBe(0);
        var third = await api.PostAsync($"/api/v1/me/loans/{loan1}/renew", null);
        third.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await third.ProblemDetailAsync()).ShouldBe("已续借2次，达到上限，请按期归还");

        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("update libraries.loans set due_on = (now() at time zone 'Asia/Shanghai')::date - 3 where id = @loan2", new { loan2 });
        var overdue = await api.PostAsync($"/api/v1/me/loans/{loan2}/renew", null);
        overdue.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await overdue.ProblemDetailAsync()).ShouldStartWith("已逾期");
        (await conn.ExecuteScalarAsync<short>("select renewals from libraries.loans where id = @loan2", new { loan2 })).ShouldBe((short)0);

        // Another member cannot renew (or learn of) this loan.
        var other = await app.MemberAsync(world.FactoryA);
        (await app.MemberApi(other.Phone, other.Id).PostAsync($"/api/v1/me/loans/{loan1}/renew", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // With an overdue book the member may not borrow more.
        var more = (await staff.AddTitleAsync(library, "9787222222229", "边城"))[0];
        var blocked = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = member.MemberNo, barcode = more });
        blocked.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await blocked.ProblemDetailAsync()).ShouldBe("该会员有1册图书已逾期未还，请先归还后再借");
    }

    [Fact]
    public async Task Unknown_or_inactive_members_cannot_borrow()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA);
        var barcode = (await staff.AddTitleAsync(library, "9787020002207", "红楼梦"))[0];
        var (_, leftNo) = await app.InsertMemberAsync(world.FactoryA, MemberTestData.Name(), MemberTestData.IdNumber(), MemberTestData.Phone(), status: MemberStatus.Left);

        var unknown = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = "M9999999999", barcode });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ProblemDetailAsync()).ShouldBe("未找到会员号为M9999999999的会员");
        var left = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = leftNo, barcode });
        left.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await left.ProblemDetailAsync()).ShouldBe("该会员当前不在会（已离会），不能借书");
        (await app.CountAsync("select count(*) from libraries.loans l join libraries.copies c on c.id = l.copy_id where c.barcode = @barcode", new { barcode })).ShouldBe(0);
    }

    [Fact]
    public async Task Overdue_loans_get_one_sms_reminder_through_the_outbox_and_appear_on_the_overdue_list()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA);
        var barcodes = await staff.AddTitleAsync(library, "9787530212004", "平凡的世界", copies: 2);
        var late = await app.MemberAsync(world.FactoryA);
        var onTime = await app.MemberAsync(world.FactoryA);
        await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = late.MemberNo, barcode = barcodes[0] });
        await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = onTime.MemberNo, barcode = barcodes[1] });
        await using var conn = await app.OpenAsync();
        await conn.ExecuteAsync("update libraries.loans set due_on = (now() at time zone 'Asia/Shanghai')::date - 5 where copy_id = (select id from libraries.copies where barcode = @b)", new { b = barcodes[0] });
        var cipher = app.Services.GetRequiredService<IPersonalDataCipher>();
        var lateHash = cipher.LookupHash(PersonalDataPurposes.Phone, late.Phone);
        var onTimeHash = cipher.LookupHash(PersonalDataPurposes.Phone, onTime.Phone);

        var reminders = app.Services.GetRequiredService<OverdueReminders>();
        (await reminders.SendDueAsync(default)).ShouldBeGreaterThanOrEqualTo(1);
        (await reminders.SendDueAsync(default)).ShouldBe(0); // not twice the same day

        var texts = (await conn.QueryAsync<string>("select body from messaging.sms_outbox where phone_hash = @lateHash and purpose = @purpose",
            new { lateHash, purpose = OverdueReminders.Purpose })).ToList();
        texts.Count.ShouldBe(1);
        texts[0].ShouldContain("《平凡的世界》");
        texts[0].ShouldContain("已逾期5天");
        (await conn.ExecuteScalarAsync<long>("select count(*) from messaging.sms_outbox where phone_hash = @onTimeHash", new { onTimeHash })).ShouldBe(0);

        var overdue = await (await staff.GetAsync($"/api/v1/libraries/{library}/loans?overdue=true")).JsonAsync();
        overdue.GetArrayLength().ShouldBe(1);
        overdue[0].GetProperty("memberNo").GetString().ShouldBe(late.MemberNo);
        overdue[0].GetProperty("overdueDays").GetInt32().ShouldBe(5);
        (await (await staff.GetAsync($"/api/v1/libraries/{library}/loans")).JsonAsync()).GetArrayLength().ShouldBe(2);
    }

    private async Task<string> SnapshotAsync(string barcode)
    {
        await using var conn = await app.OpenAsync();
        var copy = await conn.QuerySingleAsync<(long, long)>("select id, location_place_id from libraries.copies where barcode = @barcode", new { barcode });
        var loans = await conn.ExecuteScalarAsync<long>("select count(*) from libraries.loans where copy_id = @id", new { id = copy.Item1 });
        return $"{copy.Item1}:{copy.Item2}:{loans}";
    }
}
