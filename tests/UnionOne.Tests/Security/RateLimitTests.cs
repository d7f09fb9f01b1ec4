using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Tests.Identity;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Security;

/// <summary>
/// Rate limits on credentials, generated from the endpoint list: every sign-in, login, token and one-time-code endpoint
/// or page carries a rate-limiting policy (a new one without fails here), and the sign-in pages' form posts are limited
/// like the API (429 in Chinese). Per-account lock-out and per-phone code limits are proven in Identity/*SignInTests.
/// </summary>
[Trait("Suite", "Security")]
public sealed class RateLimitTests(LowRateLimitApp app) : IClassFixture<LowRateLimitApp>
{
    private static bool IsCredentialSurface(string pattern) =>
        pattern.Contains("sign-in", StringComparison.Ordinal) || pattern.Contains("login", StringComparison.Ordinal)
        || pattern.StartsWith("/api/v1/auth/", StringComparison.Ordinal) || pattern == "/console/account";

    [Fact]
    public void Every_sign_in_token_and_code_endpoint_is_rate_limited()
    {
        var surfaces = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsCredentialSurface(e.RoutePattern.RawText ?? ""))
            .ToList();
        var names = surfaces.Select(e => e.RoutePattern.RawText!).Distinct().Order(StringComparer.Ordinal).ToList();

        foreach (var expected in new[] {"/console/sign-in", "/m/sign-in", "/gate/sign-in", "/till/login", "/api/v1/auth/member/code", "/api/v1/auth/member/token",
            "/api/v1/auth/staff/token", "/api/v1/auth/refresh", "/api/v1/auth/staff/password", "/console/account" })
            names.ShouldContain(expected);
        surfaces.Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null || e.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            .Select(e => e.RoutePattern.RawText).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_staff_sign_in_page_limits_form_posts_and_answers_429_in_chinese()
    {
        var browser = app.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await browser.PostFormAsync("/console/sign-in", "staff-sign-in", ("Form.UserName", "nobody" + i), ("Form.Password", "wrong-password-1"));
            statuses.Add(last.StatusCode);
        }

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses[3].ShouldBe(HttpStatusCode.TooManyRequests);
        var problem = JsonDocument.Parse(await last.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("detail").GetString().ShouldBe("操作过于频繁，请稍后再试");
        last.Headers.RetryAfter.ShouldNotBeNull();
        (await browser.GetAsync("/console/sign-in")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
