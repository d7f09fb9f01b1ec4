using System.Net;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Identity.StaffSignIn;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

public sealed class StaffSignInTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private const string Password = "Gonghui2026pw";

    private async Task<(long Id, string UserName)> StaffAsync()
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("市总工会"), UnionLevel.City, regionCode: "330100");
        var name = TestActors.Unique("staff");
        return (await app.CreateStaffAsync(name, Password, (city, StaffRole.Officer)), name);
    }

    private async Task<(int FailedCount, DateTime? LockedUntil, DateTime? LastSignInAt)> CountersAsync(long staffId)
    {
        await using var conn = await app.OpenAsync();
        return await conn.QuerySingleAsync<(int, DateTime?, DateTime?)>(
            "select failed_count, locked_until, last_sign_in_at from identity.staff_users where id = @staffId", new { staffId });
    }

    private async Task<long> AuditCountAsync(string action, long staffId)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit.entries where action = @action and subject_kind = 'staff' and subject_id = @id",
            new { action, id = staffId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    [Fact]
    public async Task Page_sign_in_sets_the_staff_cookie_and_returns_to_the_local_page()
    {
        var (id, name) = await StaffAsync();
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/console/sign-in?returnUrl=%2Fconsole%2Faccount", "staff-sign-in",
            ("Form.UserName", name), ("Form.Password", Password));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, app.Errors);
        response.RedirectPath().ShouldBe("/console/account");
        response.SetCookie("uo.staff").ShouldNotBeNull();
        var account = await client.GetAsync("/console/account");
        account.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await account.Content.ReadAsStringAsync()).ShouldContain(name);
        var counters = await CountersAsync(id);
        counters.FailedCount.ShouldBe(0);
        counters.LastSignInAt.ShouldNotBeNull();
        (await AuditCountAsync("staff.sign-in", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Page_sign_in_refuses_a_return_address_on_another_site()
    {
        var (_, name) = await StaffAsync();
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/console/sign-in?returnUrl=%2F%2Fevil.example%2Fx", "staff-sign-in",
            ("Form.UserName", name), ("Form.Password", Password));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.RedirectPath().ShouldBe("/console");
    }

    [Fact]
    public async Task Page_sign_in_with_a_wrong_password_shows_the_generic_error_and_counts_the_failure()
    {
        var (id, name) = await StaffAsync();
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", name), ("Form.Password", "wrong-password-1"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("用户名或密码错误");
        response.SetCookie("uo.staff").ShouldBeNull();
        (await CountersAsync(id)).FailedCount.ShouldBe(1);
        (await AuditCountAsync("staff.sign-in-failed", id)).ShouldBe(1);
        (await client.GetAsync("/console/account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Page_sign_in_with_empty_fields_shows_field_errors()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", ""), ("Form.Password", ""));
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("请填写用户名");
        html.ShouldContain("请填写密码");
    }

    [Fact]
    public async Task Api_sign_in_returns_a_bearer_token_that_works()
    {
        var (id, name) = await StaffAsync();

        var token = await (await app.StaffTokenAsync(name, Password)).ReadTokenAsync();

        token.RefreshToken.ShouldNotBeNullOrEmpty();
        (await app.WithBearer(token.AccessToken).GetAsync("/api/v1/audit")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        app.ReadBearer(token.AccessToken).FindFirst(UnionOne.Platform.Auth.UnionClaims.StaffId)!.Value.ShouldBe(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await AuditCountAsync("staff.sign-in", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Api_sign_in_with_a_wrong_password_or_unknown_user_gives_the_same_answer()
    {
        var (id, name) = await StaffAsync();

        var wrong = await app.StaffTokenAsync(name, "not-the-password1");
        var unknown = await app.StaffTokenAsync(TestActors.Unique("nobody"), Password);

        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("用户名或密码错误");
        (await unknown.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("用户名或密码错误");
        (await CountersAsync(id)).FailedCount.ShouldBe(1);
    }

    [Fact]
    public async Task Api_sign_in_without_fields_is_a_validation_problem()
    {
        var response = await app.StaffTokenAsync("", "");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        problem.FieldError("userName").ShouldBe("请填写用户名");
        problem.FieldError("password").ShouldBe("请填写密码");
    }

    [Fact]
    public async Task Five_concurrent_failures_lock_the_account_and_the_right_password_is_then_refused()
    {
        var (id, name) = await StaffAsync();

        var failures = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => app.StaffTokenAsync(name, $"wrong-password-{i}")));

        failures.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized);
        var counters = await CountersAsync(id);
        counters.FailedCount.ShouldBe(5);
        counters.LockedUntil.ShouldNotBeNull();
        counters.LockedUntil!.Value.ShouldBeInRange(DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
        (await AuditCountAsync("staff.locked-out", id)).ShouldBe(1);
        (await AuditCountAsync("staff.sign-in-failed", id)).ShouldBe(5);

        var right = await app.StaffTokenAsync(name, Password);
        right.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var detail = (await right.ReadProblemAsync()).GetProperty("detail").GetString();
        detail.ShouldBe($"账号已锁定，请于{StaffSignInService.RetryTime(counters.LockedUntil.Value)}后重试");
        (await CountersAsync(id)).LastSignInAt.ShouldBeNull();
    }

    [Fact]
    public async Task Page_shows_the_lock_out_and_refuses_the_right_password()
    {
        var (id, name) = await StaffAsync();
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 4; i++)
        {
            var failed = await client.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", name), ("Form.Password", "wrong-password-x"));
            (await failed.Content.ReadAsStringAsync()).ShouldContain("用户名或密码错误");
        }
        var fifth = await client.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", name), ("Form.Password", "wrong-password-x"));
        (await fifth.Content.ReadAsStringAsync()).ShouldContain("账号已锁定，请于");

        var right = await client.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", name), ("Form.Password", Password));

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldContain("账号已锁定，请于");
        right.SetCookie("uo.staff").ShouldBeNull();
        (await CountersAsync(id)).FailedCount.ShouldBe(5);
    }

    [Fact]
    public async Task An_expired_lock_lets_the_right_password_in_and_resets_the_counter()
    {
        var (id, name) = await StaffAsync();
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update identity.staff_users set failed_count = 5, locked_until = now() - interval '1 minute' where id = @id", new { id });

        await (await app.StaffTokenAsync(name, Password)).ReadTokenAsync();

        var counters = await CountersAsync(id);
        counters.FailedCount.ShouldBe(0);
        counters.LockedUntil.ShouldBeNull();
    }

    [Fact]
    public async Task A_failure_after_an_expired_lock_starts_counting_again_from_one()
    {
        var (id, name) = await StaffAsync();
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update identity.staff_users set failed_count = 5, locked_until = now() - interval '1 minute' where id = @id", new { id });

        (await app.StaffTokenAsync(name, "wrong-password-2")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var counters = await CountersAsync(id);
        counters.FailedCount.ShouldBe(1);
        counters.LockedUntil.ShouldBeNull();
    }

    [Fact]
    public void Retry_time_is_beijing_time_rounded_up_to_the_minute()
    {
        StaffSignInService.RetryTime(new DateTime(2026, 11, 21, 2, 15, 0, DateTimeKind.Utc)).ShouldBe("10:15");
        StaffSignInService.RetryTime(new DateTime(2026, 11, 21, 2, 15, 1, DateTimeKind.Utc)).ShouldBe("10:16");
        StaffSignInService.RetryTime(new DateTime(2026, 11, 21, 15, 59, 30, DateTimeKind.Utc)).ShouldBe("00:00");
    }
}
