using System.Net;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

/// <summary>The app with tiny per-IP limits, to see the rate limiter on the sign-in and code endpoints.</summary>
public sealed class LowRateLimitApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:SignInPermitsPerWindow"] = "3",
        ["Identity:CodePermitsPerWindow"] = "2",
        ["Identity:RateLimitWindowSeconds"] = "600",
    };
}

public sealed class RateLimitTests(LowRateLimitApp app) : IClassFixture<LowRateLimitApp>
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_window_limit_get_429_in_chinese()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++) answers.Add(await app.StaffTokenAsync("nobody" + i, "wrong-password-1"));

        answers.Take(3).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Unauthorized);
        answers[3].StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await answers[3].ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("操作过于频繁，请稍后再试");
        answers[3].Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task Showing_the_sign_in_pages_is_not_limited()
    {
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 6; i++)
        {
            (await client.GetAsync("/console/sign-in")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.GetAsync("/m/sign-in")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Code_requests_beyond_the_window_limit_get_429()
    {
        (await app.RequestCodeAsync(IdentityTestKit.NewPhone())).StatusCode.ShouldBe(HttpStatusCode.Accepted, app.Errors);
        (await app.RequestCodeAsync(IdentityTestKit.NewPhone())).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var third = await app.RequestCodeAsync(IdentityTestKit.NewPhone());

        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await third.ReadProblemAsync()).GetProperty("detail").GetString().ShouldBe("操作过于频繁，请稍后再试");
    }
}
