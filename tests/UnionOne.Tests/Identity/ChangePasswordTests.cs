using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

public sealed class ChangePasswordTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private const string Password = "Gonghui2026pw";
    private const string NewPassword = "Xinmima2027ab";

    private async Task<(long Id, string UserName)> StaffAsync()
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("市总工会"), UnionLevel.City, regionCode: "330100");
        var name = TestActors.Unique("staff");
        return (await app.CreateStaffAsync(name, Password, (city, StaffRole.Officer)), name);
    }

    private async Task<HttpClient> SignedInBrowserAsync(string name, string password)
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", name), ("Form.Password", password));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, app.Errors);
        return client;
    }

    private async Task<(string Hash, Guid Stamp)> SecretsAsync(long id)
    {
        await using var conn = await app.OpenAsync();
        return await conn.QuerySingleAsync<(string, Guid)>("select password_hash, security_stamp from identity.staff_users where id = @id", new { id });
    }

    private static Task<HttpResponseMessage> ChangeOnPageAsync(HttpClient client, string current, string next, string confirm) =>
        client.PostFormAsync("/console/account", "change-password",
            ("Form.CurrentPassword", current), ("Form.NewPassword", next), ("Form.ConfirmPassword", confirm));

    [Fact]
    public async Task Changing_the_password_on_the_page_ends_older_cookies_and_tokens_but_keeps_this_browser_signed_in()
    {
        var (id, name) = await StaffAsync();
        var oldToken = await (await app.StaffTokenAsync(name, Password)).ReadTokenAsync();
        var otherBrowser = await app.StaffPagesAsync(id);
        (await app.WithBearer(oldToken.AccessToken).GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await otherBrowser.GetAsync("/console/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var browser = await SignedInBrowserAsync(name, Password);
        var before = await SecretsAsync(id);

        var changed = await ChangeOnPageAsync(browser, Password, NewPassword, NewPassword);

        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, app.Errors);
        changed.RedirectPath().ShouldBe("/console/account?changed=1");
        (await SecretsAsync(id)).Stamp.ShouldNotBe(before.Stamp);
        (await app.WithBearer(oldToken.AccessToken).GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var stale = await otherBrowser.GetAsync("/console/account");
        stale.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        stale.RedirectPath().ShouldStartWith("/console/sign-in");
        var mine = await browser.GetAsync("/console/account?changed=1");
        mine.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await mine.Content.ReadAsStringAsync()).ShouldContain("密码已修改");
        (await app.StaffTokenAsync(name, Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await (await app.StaffTokenAsync(name, NewPassword)).ReadTokenAsync();
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = 'staff.password-changed' and subject_id = @id",
            new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
    }

    [Theory]
    [InlineData("Duan1234", "Duan1234", "newPassword", "密码至少需要10个字符")]
    [InlineData("onlyletterspassword", "onlyletterspassword", "newPassword", "密码须同时包含字母和数字")]
    [InlineData("12345678901234", "12345678901234", "newPassword", "密码须同时包含字母和数字")]
    [InlineData("Xinmima2027ab", "Xinmima2027ac", "confirmPassword", "两次输入的新密码不一致")]
    public async Task A_weak_or_mistyped_new_password_is_refused_with_a_field_error_and_changes_nothing(string next, string confirm, string field, string message)
    {
        var (id, name) = await StaffAsync();
        var browser = await SignedInBrowserAsync(name, Password);
        var before = await SecretsAsync(id);

        var response = await ChangeOnPageAsync(browser, Password, next, confirm);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain($"data-field=\"{field}\">{message}<");
        (await SecretsAsync(id)).ShouldBe(before);
        (await browser.GetAsync("/console/account")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_user_name_as_new_password_and_a_wrong_current_password_are_refused()
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("市总工会"), UnionLevel.City, regionCode: "330100");
        var name = "gonghui" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = await app.CreateStaffAsync(name, Password, (city, StaffRole.Officer));
        var browser = await SignedInBrowserAsync(name, Password);
        var before = await SecretsAsync(id);

        var sameAsName = await ChangeOnPageAsync(browser, Password, name.ToUpperInvariant(), name.ToUpperInvariant());
        (await sameAsName.Content.ReadAsStringAsync()).ShouldContain("data-field=\"newPassword\">密码不能与用户名相同<");
        var wrongCurrent = await ChangeOnPageAsync(browser, "Not-the-current-1", NewPassword, NewPassword);
        (await wrongCurrent.Content.ReadAsStringAsync()).ShouldContain("data-field=\"currentPassword\">当前密码不正确<");

        (await SecretsAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Changing_the_password_by_api_returns_a_new_token_and_ends_the_old_one()
    {
        var (_, name) = await StaffAsync();
        var old = await (await app.StaffTokenAsync(name, Password)).ReadTokenAsync();

        var response = await app.WithBearer(old.AccessToken).PostAsJsonAsync("/api/v1/auth/staff/password",
            new { currentPassword = Password, newPassword = NewPassword, confirmPassword = NewPassword });

        var fresh = await response.ReadTokenAsync();
        (await app.WithBearer(old.AccessToken).GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.WithBearer(fresh.AccessToken).GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refreshOld = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = old.RefreshToken });
        refreshOld.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refreshOld.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("登录已失效，请重新登录");
    }

    [Fact]
    public async Task A_weak_password_by_api_is_a_validation_problem()
    {
        var (id, name) = await StaffAsync();
        var token = await (await app.StaffTokenAsync(name, Password)).ReadTokenAsync();
        var before = await SecretsAsync(id);

        var response = await app.WithBearer(token.AccessToken).PostAsJsonAsync("/api/v1/auth/staff/password",
            new { currentPassword = Password, newPassword = "short1", confirmPassword = "short1" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError("newPassword").ShouldBe("密码至少需要10个字符");
        (await SecretsAsync(id)).ShouldBe(before);
        (await app.WithBearer(token.AccessToken).GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_gives_a_new_working_token()
    {
        var (_, name) = await StaffAsync();
        var first = await (await app.StaffTokenAsync(name, Password)).ReadTokenAsync();

        var refreshed = await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken })).ReadTokenAsync();

        refreshed.AccessToken.ShouldNotBe(first.AccessToken);
        (await app.WithBearer(refreshed.AccessToken).GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "garbage" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sign_out_needs_the_anti_forgery_token_and_ends_the_session()
    {
        var (id, name) = await StaffAsync();
        var browser = await SignedInBrowserAsync(name, Password);

        var forged = await browser.PostAsync("/console/sign-out", new FormUrlEncodedContent([]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest, app.Errors);
        (await browser.GetAsync("/console/account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await browser.GetStringAsync("/console/account");
        var signedOut = await browser.PostFormWithTokenAsync("/console/sign-out", null, PageForms.AntiforgeryToken(page));

        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedOut.RedirectPath().ShouldBe("/console/sign-in");
        (await browser.GetAsync("/console/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = 'staff.signed-out' and subject_id = @id",
            new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
    }
}
