using System.Net.Http.Headers;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Security;

namespace UnionOne.Tests.Infrastructure;

/// <summary>
/// Arranges people and places for tests: unions written straight into the tree, staff accounts with roles,
/// and signed-in clients whose bearer tokens or cookies are minted with the app's own protectors
/// (the same bytes a real sign-in would produce), so module tests need not replay every sign-in flow.
/// </summary>
public static class TestActors
{
    private static int counter;

    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref counter)}{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Creates a union node under <paramref name="parentId"/> and returns its id.</summary>
    public static async Task<long> CreateUnionAsync(this UnionOneApp app, string name, UnionLevel level, long? parentId = null,
        string? regionCode = "330101", string kind = "enterprise", bool servesNewEmploymentForms = false, int employees = 0)
    {
        await using var conn = await app.OpenAsync();
        var id = await conn.ExecuteScalarAsync<long>("""
            insert into org.unions (name, level, kind, parent_id, path, region_code, join_code, serves_new_employment, employees_reported)
            values (@name, @level, @kind, @parentId, '0', @regionCode, @joinCode, @servesNewEmploymentForms, @employees)
            returning id
            """, new { name, level = (short)level, kind, parentId, regionCode, joinCode = Unique("J"), servesNewEmploymentForms, employees });
        await conn.ExecuteAsync("""
            update org.unions u set path = coalesce((select p.path from org.unions p where p.id = u.parent_id), ''::ltree) || u.id::text
            where u.id = @id
            """, new { id });
        app.Services.GetRequiredService<OrganisationDirectory>().Invalidate();
        return id;
    }

    public static async Task<string> JoinCodeAsync(this UnionOneApp app, long unionId)
    {
        await using var conn = await app.OpenAsync();
        return await conn.ExecuteScalarAsync<string>("select join_code from org.unions where id = @unionId", new { unionId }) ?? "";
    }

    /// <summary>Creates a staff account with the given roles; returns its id.</summary>
    public static async Task<long> CreateStaffAsync(this UnionOneApp app, string userName, string password, params (long UnionId, StaffRole Role)[] roles)
    {
        var hash = new PasswordHasher<object>().HashPassword(new object(), password);
        await using var conn = await app.OpenAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            "insert into identity.staff_users (user_name, display_name, password_hash) values (@userName, @userName, @hash) returning id",
            new { userName, hash });
        foreach (var (unionId, role) in roles)
            await conn.ExecuteAsync("insert into identity.staff_roles (staff_id, union_id, role) values (@id, @unionId, @role)", new { id, unionId, role = (short)role });
        return id;
    }

    public static async Task<ClaimsPrincipal> StaffPrincipalAsync(this UnionOneApp app, long staffId, string scheme)
    {
        await using var conn = await app.OpenAsync();
        var (name, stamp) = await conn.QuerySingleAsync<(string, Guid)>("select user_name, security_stamp from identity.staff_users where id = @staffId", new { staffId });
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(UnionClaims.StaffId, staffId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(UnionClaims.StaffName, name),
            new Claim(UnionClaims.SecurityStamp, stamp.ToString()),
            new Claim(ClaimTypes.Name, name),
        ], scheme));
    }

    public static ClaimsPrincipal MemberPrincipal(this UnionOneApp app, string phone, long? memberId, string scheme)
    {
        var protector = app.Services.GetRequiredService<IPersonalDataCipher>();
        var claims = new List<Claim>
        {
            new(UnionClaims.PhoneHash, Convert.ToBase64String(protector.LookupHash(PersonalDataPurposes.Phone, phone))),
            new(UnionClaims.PhoneMasked, Mask.Phone(phone)),
        };
        if (memberId is { } m) claims.Add(new Claim(UnionClaims.MemberId, m.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>An API client signed in as the staff account (bearer token).</summary>
    public static async Task<HttpClient> StaffApiAsync(this UnionOneApp app, long staffId) =>
        app.CreateClientWithBearer(BearerToken(app, await app.StaffPrincipalAsync(staffId, UnionSchemes.Bearer)));

    /// <summary>An API client signed in as the person with this phone (and member id when a member).</summary>
    public static HttpClient MemberApi(this UnionOneApp app, string phone, long? memberId = null) =>
        app.CreateClientWithBearer(BearerToken(app, app.MemberPrincipal(phone, memberId, UnionSchemes.Bearer)));

    /// <summary>A page client (cookies, no redirects followed) signed in as staff.</summary>
    public static async Task<HttpClient> StaffPagesAsync(this UnionOneApp app, long staffId)
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("Cookie", $"uo.staff={Cookie(app, UnionSchemes.Staff, await app.StaffPrincipalAsync(staffId, UnionSchemes.Staff))}");
        return client;
    }

    /// <summary>A page client signed in as a member (or a verified phone without membership).</summary>
    public static HttpClient MemberPages(this UnionOneApp app, string phone, long? memberId = null)
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("Cookie", $"uo.member={Cookie(app, UnionSchemes.Member, app.MemberPrincipal(phone, memberId, UnionSchemes.Member))}");
        return client;
    }

    public static string BearerToken(UnionOneApp app, ClaimsPrincipal principal)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(UnionSchemes.Bearer);
        var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) };
        return options.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, $"{UnionSchemes.Bearer}:AccessToken"));
    }

    public static string Cookie(UnionOneApp app, string scheme, ClaimsPrincipal principal)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(scheme);
        var properties = new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1), IssuedUtc = DateTimeOffset.UtcNow };
        return options.TicketDataFormat.Protect(new AuthenticationTicket(principal, properties, scheme));
    }

    /// <summary>A client with no identity that does not follow redirects.</summary>
    public static HttpClient Anonymous(this UnionOneApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
