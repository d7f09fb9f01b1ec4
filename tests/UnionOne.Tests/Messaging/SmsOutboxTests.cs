using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Messaging;
using UnionOne.Modules.Messaging.Outbox;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Messaging.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Security;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Messaging;

public sealed class SmsOutboxTests(VerboseLogsApp app) : IClassFixture<VerboseLogsApp>
{
    private async Task<long> StaffAsync()
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("市总工会"), UnionLevel.City, regionCode: "330100");
        return await app.CreateStaffAsync(TestActors.Unique("staff"), "Gonghui2026pw", (city, StaffRole.Viewer));
    }

    [Fact]
    public async Task The_outbox_sender_stores_the_phone_encrypted_and_never_logs_it()
    {
        var phone = IdentityTestKit.NewPhone();

        await app.Service<ISmsSender>().SendAsync(phone, "【工会一码通】测试短信", "test");

        await using var conn = await app.OpenAsync();
        var row = await conn.QuerySingleAsync<(byte[] PhoneEnc, string Purpose, string Body)>(
            "select phone_enc, purpose, body from messaging.sms_outbox where phone_hash = @hash", new { hash = app.PhoneHash(phone) });
        System.Text.Encoding.UTF8.GetString(row.PhoneEnc).ShouldNotContain(phone);
        app.Service<IPersonalDataCipher>().Decrypt(PersonalDataPurposes.Phone, row.PhoneEnc).ShouldBe(phone);
        row.Purpose.ShouldBe("test");
        row.Body.ShouldBe("【工会一码通】测试短信");
        app.Logs.Lines.ShouldContain(l => l.Contains("development outbox", StringComparison.Ordinal));
        app.Logs.Lines.ShouldNotContain(l => l.Contains(phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_outbox_sender_refuses_an_invalid_phone_without_writing()
    {
        await using var conn = await app.OpenAsync();
        var before = await conn.ExecuteScalarAsync<long>("select count(*) from messaging.sms_outbox");

        await Should.ThrowAsync<ArgumentException>(() => app.Service<ISmsSender>().SendAsync("1390000000", "x", "test"));

        (await conn.ExecuteScalarAsync<long>("select count(*) from messaging.sms_outbox")).ShouldBe(before);
    }

    [Fact]
    public async Task Staff_see_the_outbox_page_with_masked_phones_in_beijing_time()
    {
        var phone = IdentityTestKit.NewPhone();
        await app.Service<ISmsSender>().SendAsync(phone, "【工会一码通】您的验证码是246810，5分钟内有效。请勿告诉他人。", "member-sign-in");
        await using (var conn = await app.OpenAsync())
            await conn.ExecuteAsync("update messaging.sms_outbox set created_at = '2026-11-21 02:03:04+00' where phone_hash = @hash", new { hash = app.PhoneHash(phone) });
        var client = await app.StaffPagesAsync(await StaffAsync());

        var response = await client.GetAsync("/console/sms-outbox");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain(Mask.Phone(phone));
        html.ShouldNotContain(phone);
        html.ShouldContain("您的验证码是246810");
        html.ShouldContain("member-sign-in");
        html.ShouldContain("2026-11-21 10:03:04");
        html.ShouldContain("Sms:Provider");
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_the_outbox_page()
    {
        var response = await app.Anonymous().GetAsync("/console/sms-outbox");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.RedirectPath().ShouldStartWith("/console/sign-in?ReturnUrl=%2Fconsole%2Fsms-outbox");
    }

    [Fact]
    public async Task The_api_lists_newest_first_masked_and_paged()
    {
        var phones = Enumerable.Range(0, 3).Select(_ => IdentityTestKit.NewPhone()).ToList();
        foreach (var phone in phones) await app.Service<ISmsSender>().SendAsync(phone, "【工会一码通】第" + phones.IndexOf(phone) + "条", "test");
        var client = await app.StaffApiAsync(await StaffAsync());

        var first = JsonDocument.Parse(await client.GetStringAsync("/api/v1/sms-outbox?page=1&pageSize=2")).RootElement;
        var second = JsonDocument.Parse(await client.GetStringAsync("/api/v1/sms-outbox?page=2&pageSize=2")).RootElement;

        var items = first.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(2);
        items[0].GetProperty("phoneMasked").GetString().ShouldBe(Mask.Phone(phones[2]));
        items[0].GetProperty("body").GetString().ShouldBe("【工会一码通】第2条");
        items[1].GetProperty("phoneMasked").GetString().ShouldBe(Mask.Phone(phones[1]));
        items[0].GetProperty("id").GetInt64().ShouldBeGreaterThan(items[1].GetProperty("id").GetInt64());
        items[0].GetProperty("createdAtBeijing").GetString()!.ShouldMatch(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$");
        first.GetProperty("total").GetInt64().ShouldBeGreaterThanOrEqualTo(3);
        second.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64())
            .ShouldAllBe(id => id < items[1].GetProperty("id").GetInt64());
        foreach (var phone in phones) first.GetRawText().ShouldNotContain(phone);
    }

    [Fact]
    public async Task The_api_is_for_staff_only()
    {
        (await app.Anonymous().GetAsync("/api/v1/sms-outbox")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.MemberApi(IdentityTestKit.NewPhone()).GetAsync("/api/v1/sms-outbox")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void An_unknown_sms_provider_is_refused_by_the_options_check_and_registers_no_sender()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:Provider"] = "Carrier-X" }).Build();
        var services = new ServiceCollection().AddMessagingModule(config);
        using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SmsOptions>>().Value);

        error.Message.ShouldContain("Sms:Provider 'Carrier-X' is not known");
        services.ShouldNotContain(d => d.ServiceType == typeof(ISmsSender));
        new ServiceCollection().AddMessagingModule(new ConfigurationBuilder().Build())
            .ShouldContain(d => d.ServiceType == typeof(ISmsSender) && d.ImplementationType == typeof(OutboxSmsSender));
    }
}
