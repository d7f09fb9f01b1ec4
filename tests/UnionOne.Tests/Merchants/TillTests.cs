using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Merchants;

/// <summary>
/// The app with a probe at /test/till-page that authenticates with the till page cookie (the wallet's /till page is not part of
/// this module): 200 with the merchant and till ids, or 401.
/// </summary>
public sealed class TillPagesApp : UnionOneApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, ProbeFilter>());
    }

    private sealed class ProbeFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Request.Path != "/test/till-page")
                {
                    await following(context);
                    return;
                }
                var result = await context.AuthenticateAsync(TillAuth.PageScheme);
                if (!result.Succeeded)
                {
                    context.Response.StatusCode = 401;
                    return;
                }
                await context.Response.WriteAsync($"{result.Principal!.MerchantId()}/{result.Principal!.TillId()}");
            });
            next(app);
        };
    }
}

public sealed class TillTests(TillPagesApp app) : IClassFixture<TillPagesApp>
{
    private HttpClient Till(string credential)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Till", credential);
        return client;
    }

    private async Task<HttpStatusCode> MeAsync(string credential) => (await Till(credential).GetAsync("/api/v1/till/me")).StatusCode;

    [Fact]
    public async Task A_till_authenticates_with_its_credential_until_revoked_and_only_the_hash_is_stored()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (merchantId, credential) = await app.CreateActiveMerchantAsync(world.FactoryA, "玉环快客便利店", MerchantCategory.ConvenienceStore, 9500);
        var tillId = long.Parse(credential[..credential.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        var secret = credential[(credential.IndexOf('.', StringComparison.Ordinal) + 1)..];
        secret.Length.ShouldBeGreaterThanOrEqualTo(40);

        (await app.CountAsync("select count(*) from merchants.tills where id = @tillId and secret_hash = @hash and position(convert_to(@secret, 'UTF8') in secret_hash) = 0",
            new { tillId, hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), secret })).ShouldBe(1);

        var me = await Till(credential).GetAsync("/api/v1/till/me");
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("tillId").GetInt64().ShouldBe(tillId);
        body.GetProperty("merchantId").GetInt64().ShouldBe(merchantId);
        body.GetProperty("discount").GetString().ShouldBe("九五折");

        (await MeAsync(credential[..^1] + (credential[^1] == 'A' ? 'B' : 'A'))).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync($"{tillId + 1000}.{secret}")).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync("garbage")).ShouldBe(HttpStatusCode.Unauthorized);
        var refused = await Till("x.y").GetAsync("/api/v1/till/me");
        (await refused.ReadProblemAsync()).GetProperty("title").GetString().ShouldBe("收银设备未登记、已停用，或商户未在营业");
        (await (await app.StaffApiAsync(world.OfficerA)).GetAsync("/api/v1/till/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // Staff elsewhere cannot revoke it; its own union's staff can, and it stops at once.
        (await (await app.StaffApiAsync(world.OfficerB)).PostAsync($"/api/v1/merchants/tills/{tillId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await app.StaffApiAsync(world.ViewerA)).PostAsync($"/api/v1/merchants/tills/{tillId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await MeAsync(credential)).ShouldBe(HttpStatusCode.OK);
        var officer = await app.StaffApiAsync(world.OfficerA);
        (await officer.PostAsync($"/api/v1/merchants/tills/{tillId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MeAsync(credential)).ShouldBe(HttpStatusCode.Unauthorized);
        (await officer.PostAsync($"/api/v1/merchants/tills/{tillId}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var tills = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/merchants/{merchantId}/tills");
        tills[0].GetProperty("active").GetBoolean().ShouldBeFalse();
        tills.ToString().ShouldNotContain(secret);
    }

    [Fact]
    public async Task A_suspended_or_exited_merchants_tills_stop_at_once_and_no_till_is_registered_for_it()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (merchantId, credential) = await app.CreateActiveMerchantAsync(world.FactoryA, "玉环鲜丰水果", MerchantCategory.FarmProduce, 9000);
        var officer = await app.StaffApiAsync(world.OfficerA);
        (await MeAsync(credential)).ShouldBe(HttpStatusCode.OK);

        (await officer.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/suspend", new { reason = "食品安全抽检不合格" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MeAsync(credential)).ShouldBe(HttpStatusCode.Unauthorized);
        var refused = await officer.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/tills", new { name = "备用收银" });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("只能为已上线的商户登记收银设备");
        (await app.CountAsync("select count(*) from merchants.tills where merchant_id = @merchantId", new { merchantId })).ShouldBe(1);

        (await officer.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/resume", new { reason = "复检合格" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MeAsync(credential)).ShouldBe(HttpStatusCode.OK);

        var badName = await officer.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/tills", new { name = "" });
        (await badName.ReadProblemAsync()).FieldError("name").ShouldBe("请填写收银设备名称（2至60个字）");
        var second = await officer.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/tills", new { name = "二号收银台" });
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        var secondCredential = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credential").GetString()!;
        (await MeAsync(secondCredential)).ShouldBe(HttpStatusCode.OK);

        (await officer.PostAsJsonAsync($"/api/v1/merchants/{merchantId}/exit", new { reason = "合同到期不再续约" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await MeAsync(credential)).ShouldBe(HttpStatusCode.Unauthorized);
        (await MeAsync(secondCredential)).ShouldBe(HttpStatusCode.Unauthorized);
        (await app.CountAsync("select count(*) from merchants.tills where merchant_id = @merchantId and status = 1", new { merchantId })).ShouldBe(0);
    }

    [Fact]
    public async Task The_till_login_page_sets_a_cookie_that_stops_working_when_the_merchant_is_suspended()
    {
        var world = await MemberWorld.CreateAsync(app);
        var (merchantId, credential) = await app.CreateActiveMerchantAsync(world.FactoryA, "玉环中通快递", MerchantCategory.Courier, 8500);
        var tillId = credential[..credential.IndexOf('.', StringComparison.Ordinal)];
        var browser = app.CreateBrowserLikeClient();
        (await browser.GetAsync("/test/till-page")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var wrong = await browser.PostFormAsync("/till/login", "till-login", ("Model.Credential", tillId + ".wrong-secret"));
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wrong.ReadPageAsync()).ShouldContain("凭据无效：收银设备未登记、已停用，或商户未在营业");
        (await browser.GetAsync("/test/till-page")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var empty = await browser.PostFormAsync("/till/login", "till-login", ("Model.Credential", ""));
        (await empty.ReadPageAsync()).ShouldContain("请输入收银设备凭据");

        var signedIn = await browser.PostFormAsync("/till/login", "till-login", ("Model.Credential", credential));
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        signedIn.Headers.Location!.AbsolutePath.ShouldBe("/till");
        var probe = await browser.GetAsync("/test/till-page");
        probe.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await probe.Content.ReadAsStringAsync()).ShouldBe($"{merchantId}/{tillId}");

        (await (await app.StaffApiAsync(world.OfficerA)).PostAsJsonAsync($"/api/v1/merchants/{merchantId}/suspend", new { reason = "暂停营业整顿" }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await browser.GetAsync("/test/till-page")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var signOut = await browser.GetAsync("/till/sign-out");
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signOut.Headers.Location!.OriginalString.ShouldBe("/till/login");
    }
}
