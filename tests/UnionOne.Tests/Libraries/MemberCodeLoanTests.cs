using System.Net;
using System.Net.Http.Json;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.MemberCode;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Libraries;

/// <summary>The desk identifies the borrower by the member code on the phone (一码通办), no library card.</summary>
public sealed class MemberCodeLoanTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_scanned_member_code_borrows_and_a_stale_or_tampered_one_is_refused_with_nothing_lent()
    {
        var world = await LibraryWorld.CreateAsync(app);
        var staff = await app.StaffApiAsync(world.OfficerA);
        var library = await app.CreateLibraryAsync(staff, world.FactoryA, "机械厂职工书屋");
        var barcodes = await staff.AddTitleAsync(library, "9787020002207", "红楼梦", copies: 2);
        var member = await app.MemberAsync(world.FactoryA);
        var code = (await (await app.MemberApi(member.Phone, member.Id).GetAsync("/api/v1/member-codes/mine")).JsonAsync()).GetProperty("code").GetString()!;

        var old = await CodeWorld.MintAtAsync(app, member.Id, world.FactoryA, "王*明", DateTimeOffset.UtcNow.AddMinutes(-2));
        var stale = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = old, barcode = barcodes[0] });
        stale.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await stale.Content.ReadAsStringAsync()).ShouldContain("会员码已过期");
        var tampered = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = code[..^3] + "AAA", barcode = barcodes[0] });
        tampered.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.CountAsync("select count(*) from libraries.loans where member_id = @m", new { m = member.Id })).ShouldBe(0);

        var borrowed = await staff.PostAsJsonAsync($"/api/v1/libraries/{library}/loans", new { memberNo = code, barcode = barcodes[0] });
        borrowed.StatusCode.ShouldBe(HttpStatusCode.Created, await borrowed.Content.ReadAsStringAsync());
        (await borrowed.JsonAsync()).GetProperty("memberNo").GetString().ShouldBe(member.MemberNo);
        (await app.CountAsync("select count(*) from libraries.loans where member_id = @m and returned_at is null", new { m = member.Id })).ShouldBe(1);
    }
}
