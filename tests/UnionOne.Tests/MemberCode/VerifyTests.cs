using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.MemberCode.Revocation;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;
using UnionOne.Tests.Places;

namespace UnionOne.Tests.MemberCode;

public sealed class VerifyTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task A_fresh_code_admits_once_and_the_same_code_replayed_at_the_gate_is_refused()
    {
        var w = await CodeWorld.CreateAsync(app);
        var code = await w.CodeAsync(app);

        var first = await w.VerifyAsync(app, code);
        first.GetProperty("admitted").GetBoolean().ShouldBeTrue(app.Errors);
        first.GetProperty("result").GetString().ShouldBe("admitted");
        first.GetProperty("maskedName").GetString().ShouldBe(UnionOne.Platform.Security.Mask.Name(w.Name));
        first.GetProperty("placeId").GetInt64().ShouldBe(w.PlaceId);

        var replay = await w.VerifyAsync(app, code);
        replay.GetProperty("admitted").GetBoolean().ShouldBeFalse();
        replay.GetProperty("result").GetString().ShouldBe("already_used");
        replay.GetProperty("message").GetString()!.ShouldContain("已在此使用过");

        (await app.CountAsync("select count(*) from places.access_events where place_id = @p and member_id = @m and admitted", new { p = w.PlaceId, m = w.MemberId })).ShouldBe(1);
        (await app.CountAsync("select count(*) from places.access_events where place_id = @p and reason = 'already_used' and device_id = @d", new { p = w.PlaceId, d = w.DeviceId })).ShouldBe(1);
    }

    [Fact]
    public async Task One_character_flipped_is_forged_and_admits_nobody()
    {
        var w = await CodeWorld.CreateAsync(app);
        var code = await w.CodeAsync(app);
        var i = code.Length / 2;
        var tampered = code[..i] + (code[i] == 'A' ? 'B' : 'A') + code[(i + 1)..];

        var answer = await w.VerifyAsync(app, tampered);
        answer.GetProperty("admitted").GetBoolean().ShouldBeFalse();
        answer.GetProperty("result").GetString().ShouldBe("forged");
        answer.GetProperty("message").GetString()!.ShouldContain("无效的会员码");
        (await w.VerifyAsync(app, "hello")).GetProperty("result").GetString().ShouldBe("forged");
        (await w.VerifyAsync(app, code[..^10])).GetProperty("result").GetString().ShouldBe("forged");

        (await app.CountAsync("select count(*) from places.access_events where place_id = @p and admitted", new { p = w.PlaceId })).ShouldBe(0);
        // The genuine code is still unused and admits.
        (await w.VerifyAsync(app, code)).GetProperty("admitted").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_code_two_minutes_old_is_expired()
    {
        var w = await CodeWorld.CreateAsync(app);
        var old = await CodeWorld.MintAtAsync(app, w.MemberId, w.World.FactoryA, "王*明", DateTimeOffset.UtcNow.AddMinutes(-2));
        var answer = await w.VerifyAsync(app, old);
        answer.GetProperty("result").GetString().ShouldBe("expired");
        answer.GetProperty("message").GetString()!.ShouldContain("已过期");

        var future = await CodeWorld.MintAtAsync(app, w.MemberId, w.World.FactoryA, "王*明", DateTimeOffset.UtcNow.AddMinutes(5));
        (await w.VerifyAsync(app, future)).GetProperty("result").GetString().ShouldBe("forged");
    }

    [Fact]
    public async Task A_member_who_leaves_stops_passing_at_the_next_refresh_and_gets_no_new_code()
    {
        var w = await CodeWorld.CreateAsync(app);
        var code = await w.CodeAsync(app);

        var staff = await app.StaffApiAsync(w.World.OfficerA);
        (await staff.PatchAsJsonAsync($"/api/v1/members/{w.MemberId}", new { status = "left" })).EnsureSuccessStatusCode();
        await app.Services.GetRequiredService<RevocationCache>().RefreshAsync(CancellationToken.None);

        (await w.VerifyAsync(app, code)).GetProperty("result").GetString().ShouldBe("revoked");
        var mine = await (await app.MemberApi(w.Phone, w.MemberId).GetAsync("/api/v1/member-codes/mine")).JsonAsync();
        mine.GetProperty("issued").GetBoolean().ShouldBeFalse();
        mine.GetProperty("reason").GetString()!.ShouldContain("会籍");
    }

    [Fact]
    public async Task A_transfer_out_voids_earlier_codes_but_not_the_next_one()
    {
        var w = await CodeWorld.CreateAsync(app);
        var before = await w.CodeAsync(app);
        await using (var conn = await app.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(conn, """
                update members.members set union_id = @to where id = @m;
                insert into members.membership_events (member_id, kind, from_union_id, to_union_id) values (@m, 'transferred_out', @from, @to);
                """, new { m = w.MemberId, from = w.World.FactoryA, to = w.World.SchoolB });
        }
        await app.Services.GetRequiredService<RevocationCache>().RefreshAsync(CancellationToken.None);
        await Task.Delay(5);

        (await w.VerifyAsync(app, before)).GetProperty("result").GetString().ShouldBe("revoked");
        (await w.VerifyAsync(app, await w.CodeAsync(app))).GetProperty("admitted").GetBoolean().ShouldBeTrue(app.Errors);
    }

    [Fact]
    public async Task A_place_for_its_own_union_refuses_members_of_another_subtree()
    {
        var w = await CodeWorld.CreateAsync(app);
        var workshop = await app.InsertPlaceAsync(w.World.FactoryA, PlaceKind.WorkshopStation, admits: PlaceAdmission.SubtreeMembers);
        var (deviceId, credential) = await CodeWorld.RegisterDeviceAsync(app, w.World.OfficerA, workshop);
        var gate = w with { PlaceId = workshop, DeviceId = deviceId, Credential = credential };

        (await gate.VerifyAsync(app, await w.CodeAsync(app))).GetProperty("admitted").GetBoolean().ShouldBeTrue(app.Errors);

        var phone = MemberTestData.Phone();
        var (teacher, _) = await app.InsertMemberAsync(w.World.SchoolB, MemberTestData.Name(), MemberTestData.IdNumber(), phone);
        var outsider = w with { MemberId = teacher, Phone = phone };
        var answer = await gate.VerifyAsync(app, await outsider.CodeAsync(app));
        answer.GetProperty("result").GetString().ShouldBe("not_allowed_here");
        answer.GetProperty("message").GetString()!.ShouldContain("仅对本单位");
    }

    [Fact]
    public async Task Many_scans_of_one_code_at_once_admit_exactly_one()
    {
        var w = await CodeWorld.CreateAsync(app);
        var code = await w.CodeAsync(app);
        var device = w.Device(app);
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => w.VerifyAsync(app, code, device)));
        answers.Count(a => a.GetProperty("admitted").GetBoolean()).ShouldBe(1);
        answers.Count(a => a.GetProperty("result").GetString() == "already_used").ShouldBe(39);
        (await app.CountAsync("select count(*) from places.access_events where place_id = @p", new { p = w.PlaceId })).ShouldBe(40);
    }

    [Fact]
    public async Task An_unregistered_or_revoked_device_is_refused_with_a_chinese_problem()
    {
        var w = await CodeWorld.CreateAsync(app);
        var code = await w.CodeAsync(app);

        var unknown = await w.Device(app, $"{w.DeviceId}.not-the-secret").PostAsJsonAsync("/api/v1/member-codes/verify", new { code, deviceId = w.DeviceId });
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await unknown.ReadProblemAsync()).GetProperty("title").GetString().ShouldBe("设备未登记或已停用");
        (await w.Device(app, "99999999.x").PostAsJsonAsync("/api/v1/member-codes/verify", new { code, deviceId = 99999999 })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.CreateClient().PostAsJsonAsync("/api/v1/member-codes/verify", new { code, deviceId = w.DeviceId })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var other = await app.InsertPlaceAsync(w.World.DistrictA);
        var (otherDevice, _) = await CodeWorld.RegisterDeviceAsync(app, w.World.OfficerA, other);
        var mismatch = await w.Device(app).PostAsJsonAsync("/api/v1/member-codes/verify", new { code, deviceId = otherDevice });
        mismatch.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var staff = await app.StaffApiAsync(w.World.OfficerA);
        (await staff.PostAsync($"/api/v1/devices/{w.DeviceId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var stolen = await w.Device(app).PostAsJsonAsync("/api/v1/member-codes/verify", new { code, deviceId = w.DeviceId });
        stolen.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await staff.PostAsync($"/api/v1/devices/{w.DeviceId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await app.CountAsync("select count(*) from places.access_events where place_id = @p", new { p = w.PlaceId })).ShouldBe(0);
        (await app.CountAsync("select count(*) from member_code.code_uses where member_id = @m", new { m = w.MemberId })).ShouldBe(0);
    }

    [Fact]
    public async Task An_empty_code_is_a_field_error()
    {
        var w = await CodeWorld.CreateAsync(app);
        var response = await w.Device(app).PostAsJsonAsync("/api/v1/member-codes/verify", new { code = "", deviceId = w.DeviceId });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError("code").ShouldBe("请提供扫描到的会员码");
    }
}
