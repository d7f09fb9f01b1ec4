using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Platform.Auth;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform.Auth;

public sealed class CachedTicketFormatTests
{
    private static readonly EphemeralDataProtectionProvider Keys = new();

    private static AuthenticationTicket Ticket(string staffId) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(UnionClaims.StaffId, staffId)], "test")),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, "test");

    private static (CachedTicketFormat Cached, Counting Inner) Format(MemoryCache cache, string purpose = "a")
    {
        var inner = new Counting(new TicketDataFormat(Keys.CreateProtector(purpose)));
        return (new CachedTicketFormat(inner, cache), inner);
    }

    [Fact]
    public void A_token_is_decrypted_once_and_every_caller_gets_its_own_copy()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 });
        var (format, inner) = Format(cache);
        var token = format.Protect(Ticket("42"));

        var first = format.Unprotect(token)!;
        first.Principal.FindFirst(UnionClaims.StaffId)!.Value.ShouldBe("42");
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added-by-one-request", "x"));
        first.Properties.Items["changed"] = "by one request";

        var second = format.Unprotect(token)!;
        inner.Unprotects.ShouldBe(1);
        second.Principal.FindFirst(UnionClaims.StaffId)!.Value.ShouldBe("42");
        second.Principal.FindFirst("added-by-one-request").ShouldBeNull();
        second.Properties.Items.ContainsKey("changed").ShouldBeFalse();
        second.Properties.ExpiresUtc.ShouldBe(first.Properties.ExpiresUtc);
        second.Principal.ShouldNotBeSameAs(first.Principal);
    }

    [Fact]
    public void A_token_that_does_not_decrypt_is_refused_every_time_and_never_cached()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 });
        var (format, inner) = Format(cache);
        var token = format.Protect(Ticket("42"));
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        format.Unprotect(tampered).ShouldBeNull();
        format.Unprotect(tampered).ShouldBeNull();
        format.Unprotect("").ShouldBeNull();
        inner.Unprotects.ShouldBe(3);
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void Schemes_sharing_the_cache_never_read_each_others_tokens()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 });
        var (staff, _) = Format(cache, "staff");
        var (member, memberInner) = Format(cache, "member");
        var token = staff.Protect(Ticket("7"));

        staff.Unprotect(token).ShouldNotBeNull();
        member.Unprotect(token).ShouldBeNull();
        memberInner.Unprotects.ShouldBe(1);
        // A purpose is part of what was protected: the same text with another purpose is another entry.
        staff.Unprotect(token, "other purpose").ShouldBeNull();
    }

    private sealed class Counting(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotects { get; private set; }

        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotects++;
            return inner.Unprotect(protectedText, purpose);
        }
    }
}

public sealed class CachedTicketSchemesTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    [Fact]
    public async Task Every_cookie_scheme_and_the_bearer_tokens_of_the_app_go_through_the_cache()
    {
        var schemes = (await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync()).ToList();
        var cookieSchemes = schemes.Where(s => s.HandlerType == typeof(CookieAuthenticationHandler)).Select(s => s.Name).ToList();
        cookieSchemes.ShouldContain(UnionSchemes.Staff);
        cookieSchemes.ShouldContain(UnionSchemes.Member);
        cookieSchemes.Count.ShouldBeGreaterThan(2, "the modules' own cookie schemes (tills, gates) are covered too");
        var cookies = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>();
        foreach (var scheme in cookieSchemes) cookies.Get(scheme).TicketDataFormat.ShouldBeOfType<CachedTicketFormat>(scheme);

        var bearer = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(UnionSchemes.Bearer);
        bearer.BearerTokenProtector.ShouldBeOfType<CachedTicketFormat>();
        // Refresh tokens are read once per refresh: not cached.
        bearer.RefreshTokenProtector.ShouldNotBeOfType<CachedTicketFormat>();
    }
}
