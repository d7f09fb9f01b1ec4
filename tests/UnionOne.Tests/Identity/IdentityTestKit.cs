using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Security;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

/// <summary>Helpers for sign-in tests: form posts with anti-forgery, token responses, phones and the SMS outbox.</summary>
internal static partial class IdentityTestKit
{
    public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

    public static async Task<TokenResponse> ReadTokenAsync(this HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        token.ShouldNotBeNull();
        token.AccessToken.ShouldNotBeNullOrEmpty();
        return token;
    }

    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>The first message of a field in a validation problem.</summary>
    public static string FieldError(this JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!;

    /// <summary>The principal inside a bearer token, read with the app's own protector.</summary>
    public static ClaimsPrincipal ReadBearer(this UnionOneApp app, string accessToken)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(UnionSchemes.Bearer);
        var ticket = options.BearerTokenProtector.Unprotect(accessToken);
        ticket.ShouldNotBeNull();
        return ticket.Principal;
    }

    public static HttpClient WithBearer(this UnionOneApp app, string accessToken) => app.CreateClientWithBearer(accessToken);

    /// <summary>A random, valid mainland mobile number (never a real person's on purpose).</summary>
    public static string NewPhone() => "139" + Random.Shared.NextInt64(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] PhoneHash(this UnionOneApp app, string phone) =>
        app.Service<IPersonalDataCipher>().LookupHash(PersonalDataPurposes.Phone, phone);

    /// <summary>The 6-digit code of the newest outbox message to <paramref name="phone"/>.</summary>
    public static async Task<string> LatestCodeAsync(this UnionOneApp app, string phone)
    {
        await using var conn = await app.OpenAsync();
        var body = await conn.QueryFirstOrDefaultAsync<string>(
            "select body from messaging.sms_outbox where phone_hash = @hash order by id desc limit 1", new { hash = app.PhoneHash(phone) });
        body.ShouldNotBeNull("no SMS in the outbox for this phone");
        return SixDigits().Match(body).Value;
    }

    public static async Task<HttpResponseMessage> RequestCodeAsync(this UnionOneApp app, string phone) =>
        await app.CreateClient().PostAsJsonAsync("/api/v1/auth/member/code", new { phone });

    public static async Task<HttpResponseMessage> MemberTokenAsync(this UnionOneApp app, string phone, string code) =>
        await app.CreateClient().PostAsJsonAsync("/api/v1/auth/member/token", new { phone, code });

    public static async Task<HttpResponseMessage> StaffTokenAsync(this UnionOneApp app, string userName, string password) =>
        await app.CreateClient().PostAsJsonAsync("/api/v1/auth/staff/token", new { userName, password });

    /// <summary>Path and query of a redirect, whether the Location header is absolute or relative.</summary>
    public static string RedirectPath(this HttpResponseMessage response)
    {
        response.Headers.Location.ShouldNotBeNull("not a redirect: " + response.StatusCode);
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : new Uri(new Uri("http://localhost"), location).PathAndQuery;
    }

    /// <summary>The value of a Set-Cookie header for <paramref name="name"/>, or null.</summary>
    public static string? SetCookie(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal))
            : null;



    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
