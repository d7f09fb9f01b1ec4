using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.MemberCode;
using UnionOne.Tests.Members;
using UnionOne.Tests.Merchants;

namespace UnionOne.Tests.Security;

/// <summary>
/// CSRF on every form, generated from the app's own endpoint list: every page (Razor component endpoints accept POST)
/// and every minimal-API endpoint outside /api/v1 that takes a POST, PUT, PATCH or DELETE, or any endpoint whose
/// policy signs in by cookie. Each is posted a form the way a foreign site would: with the victim's session cookie
/// and antiforgery cookie, but without the form token. It must be refused (400; 415 where only JSON is accepted,
/// which a foreign form cannot send) and the database must not change. A new form endpoint without antiforgery
/// fails here.
/// </summary>
[Trait("Suite", "Security")]
public sealed partial class CsrfTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private sealed record Target(string Method, string Pattern, string Url, string Session, bool JsonOnly);

    private static readonly string[] Unsafe = ["POST", "PUT", "PATCH", "DELETE"];

    private async Task<IReadOnlyList<Target>> TargetsAsync()
    {
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var schemes = app.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
        var targets = new List<Target>();
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = e.RoutePattern.RawText ?? "";
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var isPage = e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            // Pages may omit method metadata in some versions; they accept POST for forms regardless.
            var unsafeMethods = isPage ? ["POST"] : methods.Where(m => Unsafe.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unsafeMethods.Count == 0) continue;

            var cookieSchemes = new List<string>();
            foreach (var data in e.Metadata.GetOrderedMetadata<IAuthorizeData>())
            {
                var names = new List<string>();
                if (data.Policy is { } p && await policies.GetPolicyAsync(p) is { } policy) names.AddRange(policy.AuthenticationSchemes);
                if (data.AuthenticationSchemes is { } s) names.AddRange(s.Split(',', StringSplitOptions.TrimEntries));
                foreach (var n in names)
                    if ((await schemes.GetSchemeAsync(n))?.HandlerType == typeof(CookieAuthenticationHandler)) cookieSchemes.Add(n);
            }
            var isApi = pattern.StartsWith("/api/", StringComparison.Ordinal);
            var anonymous = !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            if (isApi && cookieSchemes.Count == 0) continue; // bearer, device or till credential in a header: no ambient authority
            if (!isApi && !anonymous && cookieSchemes.Count == 0 && !isPage) continue;

            var url = RouteValue().Replace(pattern, "1");
            var accepts = e.Metadata.GetMetadata<IAcceptsMetadata>();
            var jsonOnly = accepts is { ContentTypes.Count: > 0 } && accepts.ContentTypes.All(c => c.Contains("json", StringComparison.OrdinalIgnoreCase));
            foreach (var m in unsafeMethods)
                targets.Add(new Target(m.ToUpperInvariant(), pattern, url, cookieSchemes.FirstOrDefault() ?? "anonymous", jsonOnly));
        }
        return targets.DistinctBy(t => (t.Method, t.Pattern)).OrderBy(t => t.Pattern, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task The_list_is_generated_and_holds_the_known_forms()
    {
        var targets = await TargetsAsync();
        var list = string.Join("\n", targets.Select(t => $"{t.Method} {t.Pattern} [{t.Session}]"));

        targets.Count.ShouldBeGreaterThan(80, list);
        foreach (var known in new[] { "/console/sign-in", "/m/sign-in", "/console/members/{Id:long}", "/console/imports/upload", "/console/places/{id:long}/photos",
                     "/console/stations/{placeId:long}/inspections/new", "/console/wallet/disbursements/upload", "/console/sign-out", "/m/sign-out", "/gate", "/till", "/gate/offline-scans", "/merchants/apply" })
            targets.ShouldContain(t => t.Pattern == known, $"{known} missing from\n{list}");
        targets.Where(t => t.Pattern.StartsWith("/console", StringComparison.Ordinal) && t.Pattern is not ("/console/sign-in" or "/console/sign-out"))
            .ShouldAllBe(t => t.Session == UnionSchemes.Staff, list);
        targets.Where(t => t.Pattern.StartsWith("/m/", StringComparison.Ordinal) && t.Pattern is not ("/m/sign-in" or "/m/sign-out")).ShouldAllBe(t => t.Session == UnionSchemes.Member, list);
    }

    [Fact]
    public async Task Every_form_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var w = await CodeWorld.CreateAsync(app);
        var (merchantId, tillCredential) = await app.CreateActiveMerchantAsync(w.World.FactoryA, TestActors.Unique("安全测试便利店"), MerchantCategory.ConvenienceStore, 9500);
        var tillId = long.Parse(tillCredential[..tillCredential.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        var admin = await app.CreateStaffAsync(TestActors.Unique("csrf"), "Passw0rd!x", (w.World.City, StaffRole.Chair));
        var device = await app.Service<DeviceRegistry>().FindAsync(w.DeviceId, default);

        // The antiforgery cookie a victim's browser holds after visiting any form (the token itself stays on the page).
        var visit = await app.Anonymous().GetAsync("/console/sign-in");
        var antiforgery = visit.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];

        var sessions = new Dictionary<string, string>
        {
            [UnionSchemes.Staff] = $"uo.staff={TestActors.Cookie(app, UnionSchemes.Staff, await app.StaffPrincipalAsync(admin, UnionSchemes.Staff))}",
            [UnionSchemes.Member] = $"uo.member={TestActors.Cookie(app, UnionSchemes.Member, app.MemberPrincipal(w.Phone, w.MemberId, UnionSchemes.Member))}",
            [DeviceAuth.PageScheme] = $"uo.gate={TestActors.Cookie(app, DeviceAuth.PageScheme, DeviceAuth.Principal(device!, DeviceAuth.PageScheme))}",
            [TillAuth.PageScheme] = $"uo.till={TestActors.Cookie(app, TillAuth.PageScheme, TillPrincipal(merchantId, tillId))}",
        };
        // A form anyone may post (sign-in, sign-out, join) is tried by a victim signed in as staff and as member at once.
        sessions["anonymous"] = $"{sessions[UnionSchemes.Staff]}; {sessions[UnionSchemes.Member]}";
        HttpClient Client(string session)
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Add("Cookie", $"{sessions[session]}; {antiforgery}");
            return client;
        }

        // The sessions work: each signed-in client reaches a page of its own (so a refusal below is not a sign-in redirect).
        (await Client(UnionSchemes.Staff).GetAsync("/console")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        (await Client(UnionSchemes.Member).GetAsync("/m/wallet")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        (await Client(DeviceAuth.PageScheme).GetAsync("/gate")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        (await Client(TillAuth.PageScheme).GetAsync("/till")).StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);

        var before = await app.SnapshotAsync();
        var wrong = new List<string>();
        foreach (var t in await TargetsAsync())
        {
            var request = new HttpRequestMessage(new HttpMethod(t.Method), t.Url)
            {
                Content = new FormUrlEncodedContent([new("_handler", "x"), new("Form.Name", "攻击"), new("unionId", "1"), new("title", "攻击")]),
            };
            var response = await Client(t.Session).SendAsync(request);
            var status = (int)response.StatusCode;
            // A JSON-only endpoint does not even match a form post (415, or the not-found page).
            var refused = status == 400 || (t.JsonOnly && status is 404 or 415);
            if (!refused) wrong.Add($"{t.Method} {t.Url} [{t.Session}] answered {status} {response.Headers.Location}");
        }
        var changed = SecurityKit.Changed(before, await app.SnapshotAsync());

        wrong.ShouldBeEmpty(string.Join("\n", wrong) + "\n" + app.Errors);
        changed.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_post_with_the_token_gets_through_so_the_refusal_is_the_token()
    {
        // Control: a real form with its token is not refused (sign-in page with a wrong password shows the page again).
        var browser = app.CreateBrowserLikeClient();
        var response = await browser.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", "nobody"), ("Form.Password", "wrong-password-1"));
        ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        var forged = await browser.PostAsync("/console/sign-in", new FormUrlEncodedContent([new("_handler", "staff-sign-in"), new("Form.UserName", "nobody"), new("Form.Password", "x")]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static ClaimsPrincipal TillPrincipal(long merchantId, long tillId) => new(new ClaimsIdentity(
    [
        new Claim(TillAuth.TillIdClaim, tillId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(TillAuth.MerchantIdClaim, merchantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, "收银台1"),
    ], TillAuth.PageScheme));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
