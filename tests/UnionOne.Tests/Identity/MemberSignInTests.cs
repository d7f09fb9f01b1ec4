using System.Net;
using System.Net.Http.Json;
using Dapper;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

public sealed class MemberSignInTests(VerboseLogsApp app) : IClassFixture<VerboseLogsApp>
{
    private sealed record CodeRow(int Attempts, DateTime? UsedAt, DateTime ExpiresAt);

    private async Task<IReadOnlyList<CodeRow>> CodesAsync(string phone)
    {
        await using var conn = await app.OpenAsync();
        return (await conn.QueryAsync<CodeRow>(
            "select attempts, used_at as UsedAt, expires_at as ExpiresAt from identity.one_time_codes where phone_hash = @hash order by id",
            new { hash = app.PhoneHash(phone) })).AsList();
    }

    private async Task<long> OutboxCountAsync(string phone)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("select count(*) from messaging.sms_outbox where phone_hash = @hash", new { hash = app.PhoneHash(phone) });
    }

    private async Task<string> SendCodeAsync(string phone)
    {
        var response = await app.RequestCodeAsync(phone);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync() + app.Errors);
        return await app.LatestCodeAsync(phone);
    }

    private static async Task<string> CodeErrorAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return (await response.ReadProblemAsync()).FieldError("code");
    }

    /// <summary>A member row written straight into the table, with the cipher for encrypted columns.</summary>
    private async Task<long> InsertMemberAsync(string phone, short status = 1)
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("基层工会"), UnionLevel.Grassroots);
        var cipher = app.Service<IPersonalDataCipher>();
        var first17 = "33010219900307" + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var idNumber = first17 + ResidentIdNumber.CheckCharacter(first17);
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("""
            insert into members.members (name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date, phone_enc, phone_hash,
                                         union_id, job_type, status, joined_on)
            values ('王小红', @idEnc, @idHash, @suffixHash, 'F', date '1990-03-07', @phoneEnc, @phoneHash, @union, 1, @status, current_date)
            returning id
            """, new
        {
            idEnc = cipher.Encrypt(PersonalDataPurposes.IdNumber, idNumber),
            idHash = cipher.LookupHash(PersonalDataPurposes.IdNumber, idNumber),
            suffixHash = cipher.LookupHash(PersonalDataPurposes.IdSuffix, idNumber[^4..]),
            phoneEnc = cipher.Encrypt(PersonalDataPurposes.Phone, phone),
            phoneHash = cipher.LookupHash(PersonalDataPurposes.Phone, phone),
            union,
            status,
        });
    }

    [Fact]
    public async Task A_worker_signs_in_by_api_with_the_code_from_the_outbox_and_the_phone_is_never_logged()
    {
        var phone = IdentityTestKit.NewPhone();

        var sent = await app.RequestCodeAsync(phone);
        sent.StatusCode.ShouldBe(HttpStatusCode.Accepted, app.Errors);
        var code = await app.LatestCodeAsync(phone);
        await using (var conn = await app.OpenAsync())
        {
            var body = await conn.QuerySingleAsync<string>("select body from messaging.sms_outbox where phone_hash = @hash", new { hash = app.PhoneHash(phone) });
            body.ShouldBe($"【工会一码通】您的验证码是{code}，5分钟内有效。请勿告诉他人。");
        }
        var token = await (await app.MemberTokenAsync(phone, code)).ReadTokenAsync();

        var principal = app.ReadBearer(token.AccessToken);
        principal.FindFirst(UnionClaims.PhoneHash)!.Value.ShouldBe(Convert.ToBase64String(app.PhoneHash(phone)));
        principal.FindFirst(UnionClaims.PhoneMasked)!.Value.ShouldBe(Mask.Phone(phone));
        principal.FindFirst(UnionClaims.MemberId).ShouldBeNull("a worker who is not a member signs in without a member id");
        var codes = await CodesAsync(phone);
        codes.Count.ShouldBe(1);
        codes[0].UsedAt.ShouldNotBeNull();
        codes[0].ExpiresAt.ShouldBeInRange(DateTime.UtcNow.AddMinutes(4), DateTime.UtcNow.AddMinutes(6));
        app.Logs.Lines.ShouldNotContain(l => l.Contains(phone, StringComparison.Ordinal));
        var lastEight = phone[3..];
        app.Logs.Lines.ShouldNotContain(l => l.Contains(lastEight, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_member_id_claim_is_present_when_the_phone_belongs_to_an_active_member()
    {
        var phone = IdentityTestKit.NewPhone();
        var memberId = await InsertMemberAsync(phone);

        var code = await SendCodeAsync(phone);
        var token = await (await app.MemberTokenAsync(phone, code)).ReadTokenAsync();

        app.ReadBearer(token.AccessToken).FindFirst(UnionClaims.MemberId)!.Value.ShouldBe(memberId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var refreshed = await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token.RefreshToken })).ReadTokenAsync();
        app.ReadBearer(refreshed.AccessToken).FindFirst(UnionClaims.MemberId)!.Value.ShouldBe(memberId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from audit.entries where action = 'member.sign-in' and subject_id = @id",
            new { id = memberId.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ShouldBe(1);
    }

    [Fact]
    public async Task A_member_who_left_signs_in_without_the_member_id()
    {
        var phone = IdentityTestKit.NewPhone();
        await InsertMemberAsync(phone, status: 4);

        var token = await (await app.MemberTokenAsync(phone, await SendCodeAsync(phone))).ReadTokenAsync();

        app.ReadBearer(token.AccessToken).FindFirst(UnionClaims.MemberId).ShouldBeNull();
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_changes_nothing()
    {
        var phone = IdentityTestKit.NewPhone();
        var code = await SendCodeAsync(phone);
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update identity.one_time_codes set expires_at = now() - interval '1 second' where phone_hash = @hash", new { hash = app.PhoneHash(phone) });
        var before = await CodesAsync(phone);

        (await CodeErrorAsync(await app.MemberTokenAsync(phone, code))).ShouldBe("验证码已过期，请重新获取");

        (await CodesAsync(phone)).ShouldBe(before);
    }

    [Fact]
    public async Task A_used_code_cannot_be_used_again()
    {
        var phone = IdentityTestKit.NewPhone();
        var code = await SendCodeAsync(phone);
        await (await app.MemberTokenAsync(phone, code)).ReadTokenAsync();
        var before = await CodesAsync(phone);

        (await CodeErrorAsync(await app.MemberTokenAsync(phone, code))).ShouldBe("验证码已使用，请重新获取");

        (await CodesAsync(phone)).ShouldBe(before);
    }

    [Fact]
    public async Task Five_wrong_codes_kill_the_code_and_the_sixth_attempt_is_refused_even_when_right()
    {
        var phone = IdentityTestKit.NewPhone();
        var code = await SendCodeAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 1; i <= 5; i++)
        {
            (await CodeErrorAsync(await app.MemberTokenAsync(phone, wrong))).ShouldBe("验证码错误");
            (await CodesAsync(phone))[0].Attempts.ShouldBe(i);
        }
        (await CodeErrorAsync(await app.MemberTokenAsync(phone, code))).ShouldBe("验证码错误次数过多，请重新获取");

        var row = (await CodesAsync(phone)).Single();
        row.Attempts.ShouldBe(5);
        row.UsedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_second_code_within_a_minute_is_refused_with_429()
    {
        var phone = IdentityTestKit.NewPhone();
        await SendCodeAsync(phone);

        var again = await app.RequestCodeAsync(phone);

        again.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var detail = (await again.ReadProblemAsync()).GetProperty("detail").GetString()!;
        detail.ShouldMatch(@"^发送过于频繁，请\d{1,2}秒后再试$");
        again.Headers.RetryAfter.ShouldNotBeNull();
        (await CodesAsync(phone)).Count.ShouldBe(1);
        (await OutboxCountAsync(phone)).ShouldBe(1);
    }

    [Fact]
    public async Task The_eleventh_code_of_a_day_is_refused()
    {
        var phone = IdentityTestKit.NewPhone();
        await using (var conn = await app.OpenAsync())
        {
            // Ten codes earlier today (Beijing time), each more than a minute apart from now.
            await conn.ExecuteAsync("""
                insert into identity.one_time_codes (phone_hash, code_hash, purpose, expires_at, created_at)
                select @hash, '\x00'::bytea, 'member-sign-in', now(), greatest(now() - interval '2 minutes' - g * interval '1 second',
                       date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai')
                from generate_series(1, 10) g
                """, new { hash = app.PhoneHash(phone) });
        }
        // In the first three minutes of a Beijing day the ten codes cannot be both "today" and a minute old.
        var beijingMidnight = DateTime.SpecifyKind(DateTime.UtcNow.AddHours(8).Date.AddHours(-8), DateTimeKind.Utc);
        if (DateTime.UtcNow - beijingMidnight < TimeSpan.FromMinutes(3)) return;

        var response = await app.RequestCodeAsync(phone);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await response.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("今天获取验证码的次数已达上限，请明天再试");
        (await CodesAsync(phone)).Count.ShouldBe(10);
        (await OutboxCountAsync(phone)).ShouldBe(0);
    }

    [Theory]
    [InlineData("1390000000", "手机号码应为11位（当前为10位）")]
    [InlineData("1390000000a", "手机号码只能包含数字")]
    [InlineData("", "请填写手机号码")]
    public async Task A_bad_phone_is_a_field_error_and_sends_nothing(string phone, string message)
    {
        var response = await app.RequestCodeAsync(phone);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError("phone").ShouldBe(message);
        await using var conn = await app.OpenAsync();
        (await conn.ExecuteScalarAsync<long>("select count(*) from messaging.sms_outbox where body like '%' || @phone || '%' or phone_hash = @hash",
            new { phone = phone.Length > 0 ? phone : "none", hash = app.PhoneHash(phone) })).ShouldBe(0);
    }

    [Fact]
    public async Task A_ten_digit_phone_at_the_token_endpoint_is_a_field_error()
    {
        var response = await app.MemberTokenAsync("1390000000", "123456");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).FieldError("phone").ShouldBe("手机号码应为11位（当前为10位）");
    }

    [Fact]
    public async Task A_code_for_a_phone_that_never_asked_is_refused()
    {
        (await CodeErrorAsync(await app.MemberTokenAsync(IdentityTestKit.NewPhone(), "123456"))).ShouldBe("请先获取验证码");
    }

    [Fact]
    public async Task Sign_in_page_goes_from_phone_to_code_and_sets_the_member_cookie()
    {
        var phone = IdentityTestKit.NewPhone();
        var client = app.CreateBrowserLikeClient();

        var step1 = await client.PostFormAsync("/m/sign-in?returnUrl=%2Fjoin", "member-code", ("SendForm.Phone", phone));
        step1.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        var step2 = await step1.Content.ReadAsStringAsync();
        step2.ShouldContain("验证码已发送至 " + Mask.Phone(phone));
        step2.ShouldContain("name=\"Verify.Code\"");
        var code = await app.LatestCodeAsync(phone);

        var wrong = await client.PostFormWithTokenAsync("/m/sign-in?returnUrl=%2Fjoin", "member-verify", PageForms.AntiforgeryToken(step2),
            ("Verify.Phone", phone), ("Verify.Code", code == "999999" ? "888888" : "999999"));
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        wrongHtml.ShouldContain("data-field=\"code\">验证码错误<");

        var signedIn = await client.PostFormWithTokenAsync("/m/sign-in?returnUrl=%2Fjoin", "member-verify", PageForms.AntiforgeryToken(wrongHtml),
            ("Verify.Phone", phone), ("Verify.Code", code));

        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, app.Errors);
        signedIn.RedirectPath().ShouldBe("/join");
        signedIn.SetCookie("uo.member").ShouldNotBeNull();
        (await client.GetStringAsync("/m/sign-in")).ShouldContain("您已登录：" + Mask.Phone(phone));
        app.Logs.Lines.ShouldNotContain(l => l.Contains(phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_page_shows_a_field_error_for_a_ten_digit_phone()
    {
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/m/sign-in", "member-code", ("SendForm.Phone", "1390000000"));

        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-field=\"phone\">手机号码应为11位（当前为10位）<");
        html.ShouldNotContain("name=\"Verify.Code\"");
    }

    [Fact]
    public async Task Member_sign_out_ends_the_member_session()
    {
        var phone = IdentityTestKit.NewPhone();
        var client = app.MemberPages(phone);
        var page = await client.GetStringAsync("/m/sign-in");
        page.ShouldContain("您已登录：" + Mask.Phone(phone));

        var response = await client.PostFormWithTokenAsync("/m/sign-out", null, PageForms.AntiforgeryToken(page));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cleared = response.SetCookie("uo.member");
        cleared.ShouldNotBeNull();
        cleared.ShouldContain("expires=Thu, 01 Jan 1970", Case.Insensitive);
    }
}
