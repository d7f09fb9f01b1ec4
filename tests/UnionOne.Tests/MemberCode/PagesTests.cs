using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.MemberCode;

public sealed partial class PagesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task The_card_shows_a_live_code_as_qr_and_text_that_refreshes_itself_and_is_never_cached()
    {
        var w = await CodeWorld.CreateAsync(app);
        var response = await app.MemberPages(w.Phone, w.MemberId).GetAsync("/m/card");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<svg");
        html.ShouldContain("http-equiv=\"refresh\" content=\"30\"");
        var code = CodeText().Match(html).Groups[1].Value;
        code.ShouldStartWith("UC1.");
        (await w.VerifyAsync(app, System.Net.WebUtility.HtmlDecode(code))).GetProperty("admitted").GetBoolean().ShouldBeTrue(app.Errors);

        var again = CodeText().Match(await app.MemberPages(w.Phone, w.MemberId).GetStringAsync("/m/card")).Groups[1].Value;
        again.ShouldNotBe(code);
    }

    [Fact]
    public async Task A_gate_page_signs_in_with_the_device_credential_admits_once_and_refuses_the_replay_in_chinese()
    {
        var w = await CodeWorld.CreateAsync(app);
        var gate = app.CreateBrowserLikeClient();
        (await gate.GetAsync("/gate")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var wrong = await gate.PostFormAsync("/gate/sign-in", "gate-sign-in", ("Form.Credential", w.Credential + "x"));
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("设备未登记或已停用");
        var signIn = await gate.PostFormAsync("/gate/sign-in", "gate-sign-in", ("Form.Credential", w.Credential));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());

        var code = await w.CodeAsync(app);
        var admitted = await (await gate.PostFormAsync("/gate", "gate-scan", ("Form.Code", code))).Content.ReadAsStringAsync();
        admitted.ShouldContain("data-result=\"admitted\"");
        admitted.ShouldContain("准许通行");
        var replay = await (await gate.PostFormAsync("/gate", "gate-scan", ("Form.Code", code))).Content.ReadAsStringAsync();
        replay.ShouldContain("禁止通行");
        replay.ShouldContain("该会员码已在此使用过");
        var empty = await (await gate.PostFormAsync("/gate", "gate-scan", ("Form.Code", ""))).Content.ReadAsStringAsync();
        empty.ShouldContain("请提供扫描到的会员码");

        // The page's offline support: its bundle, and uploads only from the page's own script (a custom header).
        var bundle = await (await gate.GetAsync("/gate/bundle")).JsonAsync();
        bundle.GetProperty("bundle").GetProperty("body").GetString()!.ShouldContain($"\"placeId\":{w.PlaceId}");
        bundle.GetProperty("keys").GetArrayLength().ShouldBeGreaterThan(0);
        var scan = new { scans = new[] { new { atMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), memberId = w.MemberId, nonce = 77, admitted = true, result = "admitted" } } };
        (await gate.PostAsJsonAsync("/gate/offline-scans", scan)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var withHeader = new HttpRequestMessage(HttpMethod.Post, "/gate/offline-scans") { Content = JsonContent.Create(scan) };
        withHeader.Headers.Add("X-Gate", "1");
        (await (await gate.SendAsync(withHeader)).JsonAsync()).GetProperty("recorded").GetInt32().ShouldBe(1);
        (await app.CreateClient().GetAsync("/gate/bundle")).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        var staff = await app.StaffApiAsync(w.World.OfficerA);
        (await staff.PostAsync($"/api/v1/devices/{w.DeviceId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await gate.GetAsync("/gate")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Staff_register_a_device_on_the_console_see_its_credential_once_and_revoke_it()
    {
        var w = await CodeWorld.CreateAsync(app);
        var staff = await app.StaffPagesAsync(w.World.OfficerA);
        var bad = await (await staff.PostFormAsync("/console/devices", "register-device", ("Form.Name", "x"), ("Form.PlaceId", w.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Form.Direction", "in"))).Content.ReadAsStringAsync();
        bad.ShouldContain("设备名称应为2至60个字");

        var html = await (await staff.PostFormAsync("/console/devices", "register-device", ("Form.Name", "南门闸机"), ("Form.PlaceId", w.PlaceId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Form.Direction", "out"))).Content.ReadAsStringAsync();
        var credential = Credential().Match(html).Groups[1].Value;
        credential.ShouldContain(".");
        var id = long.Parse(credential[..credential.IndexOf('.')], System.Globalization.CultureInfo.InvariantCulture);
        (await staff.GetStringAsync("/console/devices")).ShouldNotContain(credential);

        var revoked = await (await staff.PostFormAsync("/console/devices", "revoke-device", ("revokeId", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Content.ReadAsStringAsync();
        revoked.ShouldContain("设备已停用");
        (await app.CountAsync("select count(*) from member_code.devices where id = @id and status = 2 and direction = 2", new { id })).ShouldBe(1);
    }

    [Fact]
    public async Task Staff_suspend_and_restore_a_member_s_code_from_the_console()
    {
        var w = await CodeWorld.CreateAsync(app);
        var staff = await app.StaffPagesAsync(w.World.OfficerA);
        var url = $"/console/members/{w.MemberId}/code";
        (await staff.GetStringAsync(url)).ShouldContain("会员码可正常使用");
        (await (await staff.PostFormAsync(url, "suspend-code", ("Form.Reason", ""))).Content.ReadAsStringAsync()).ShouldContain("请填写暂停原因");
        (await app.CountAsync("select count(*) from member_code.suspensions where member_id = @m", new { m = w.MemberId })).ShouldBe(0);

        var suspended = await (await staff.PostFormAsync(url, "suspend-code", ("Form.Reason", "手机遗失"))).Content.ReadAsStringAsync();
        suspended.ShouldContain("会员码已暂停");
        suspended.ShouldContain("手机遗失");
        (await (await app.MemberApi(w.Phone, w.MemberId).GetAsync("/api/v1/member-codes/mine")).JsonAsync()).GetProperty("issued").GetBoolean().ShouldBeFalse();

        (await (await staff.PostFormAsync(url, "lift-suspension")).Content.ReadAsStringAsync()).ShouldContain("会员码已恢复");
        (await w.CodeAsync(app)).ShouldStartWith("UC1.");
        (await (await app.StaffPagesAsync(w.World.OfficerB)).GetStringAsync(url)).ShouldContain("未找到");
    }

    [GeneratedRegex("data-credential>([^<]+)<")]
    private static partial Regex Credential();

    [GeneratedRegex("data-code>([^<]+)<")]
    private static partial Regex CodeText();
}
