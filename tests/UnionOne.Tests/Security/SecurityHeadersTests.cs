using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Security;

/// <summary>
/// Security headers on pages, the API, errors and static files: CSP with frame-ancestors, nosniff, Referrer-Policy,
/// no framing; HSTS only over HTTPS. Forwarded headers are not trusted (none configured), so a client claiming
/// X-Forwarded-Proto: https over plain HTTP gets no HSTS.
/// </summary>
[Trait("Suite", "Security")]
public sealed class SecurityHeadersTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    public static TheoryData<string, int> Urls => new()
    {
        { "/console/sign-in", 200 },
        { "/m/sign-in", 200 },
        { "/console", 302 },
        { "/no-such-page", 404 },
        { "/api/v1/unions", 401 },
        { "/api/v1/no-such-endpoint", 404 },
        { "/health", 200 },
        { "/css/site.css", 200 },
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public async Task Every_answer_carries_csp_with_frame_ancestors_nosniff_and_referrer_policy(string url, int status)
    {
        var response = await app.Anonymous().GetAsync(url);

        ((int)response.StatusCode).ShouldBe(status, url);
        var csp = Header(response, "Content-Security-Policy");
        csp.ShouldContain("default-src 'self'");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("'unsafe-eval'");
        csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)).ShouldNotContain("'unsafe-inline'");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "Referrer-Policy").ShouldBe("same-origin");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse("HSTS over plain HTTP");
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_only_and_a_forwarded_proto_header_from_a_client_does_not_fake_it()
    {
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        foreach (var url in new[] { "/console/sign-in", "/api/v1/unions" })
        {
            var secure = await https.GetAsync(url);
            Header(secure, "Strict-Transport-Security").ShouldStartWith("max-age=31536000", customMessage: url);
            Header(secure, "Content-Security-Policy").ShouldContain("frame-ancestors 'none'");
        }

        var spoofed = new HttpRequestMessage(HttpMethod.Get, "/console/sign-in");
        spoofed.Headers.Add("X-Forwarded-Proto", "https");
        spoofed.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var plain = await app.Anonymous().SendAsync(spoofed);
        plain.StatusCode.ShouldBe(HttpStatusCode.OK);
        plain.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    [Fact]
    public async Task Signed_in_pages_and_cookies_are_protected_too()
    {
        var union = await app.CreateUnionAsync(TestActors.Unique("安全头工会"), UnionOne.Modules.Organisations.Contracts.UnionLevel.County, kind: "federation");
        var staff = await app.CreateStaffAsync(TestActors.Unique("hdr"), "Passw0rd!x", (union, UnionOne.Modules.Identity.Contracts.StaffRole.Officer));
        var page = await (await app.StaffPagesAsync(staff)).GetAsync("/console");
        page.StatusCode.ShouldBe(HttpStatusCode.OK, app.Errors);
        Header(page, "Content-Security-Policy").ShouldContain("frame-ancestors 'none'");
        Header(page, "X-Content-Type-Options").ShouldBe("nosniff");

        // The antiforgery cookie a form page sets is HttpOnly and SameSite.
        var form = await app.Anonymous().GetAsync("/console/sign-in");
        var cookies = form.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        var antiforgery = cookies.SingleOrDefault(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        antiforgery.ShouldNotBeNull(string.Join("\n", cookies));
        antiforgery.ShouldContain("httponly", Case.Insensitive);
        antiforgery.ShouldContain("samesite=strict", Case.Insensitive);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
        : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c)
        : throw new ShouldAssertException($"{name} missing on {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");
}
