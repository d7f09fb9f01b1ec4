using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Platform.Auth;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Platform;

/// <summary>
/// Two more columns of the authorisation matrix, generated from the endpoint list: a member's token is refused by every
/// staff endpoint, and a staff token by every member endpoint. Each endpoint must name its audience (policy) or be
/// anonymous on purpose.
/// </summary>
public sealed partial class RoleColumnsTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private sealed record Api(string Method, string Route, string? Policy);

    private IEnumerable<Api> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Api(m, e.RoutePattern.RawText!,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null))))
            .DistinctBy(a => (a.Method, a.Route));

    [Fact]
    public async Task A_member_token_is_refused_by_staff_endpoints_and_a_staff_token_by_member_endpoints()
    {
        var world = await MemberWorld.CreateAsync(app);
        var phone = MemberTestData.Phone();
        var (memberId, _) = await app.InsertMemberAsync(world.FactoryA, MemberTestData.Name(), MemberTestData.IdNumber(), phone);
        var member = app.MemberApi(phone, memberId);
        var staff = await app.StaffApiAsync(world.CityOfficer);

        var endpoints = Endpoints().ToList();
        endpoints.Count(e => e.Policy == UnionPolicies.StaffApi).ShouldBeGreaterThan(40);
        endpoints.Count(e => e.Policy == UnionPolicies.MemberApi).ShouldBeGreaterThan(5);
        var wrong = new List<string>();
        foreach (var e in endpoints)
        {
            var (caller, expected) = e.Policy switch
            {
                UnionPolicies.StaffApi => (member, HttpStatusCode.Forbidden),
                UnionPolicies.MemberApi => (staff, HttpStatusCode.Forbidden),
                "device-api" => (staff, HttpStatusCode.Unauthorized),
                "till-api" => (staff, HttpStatusCode.Unauthorized),
                _ => (null, HttpStatusCode.OK),
            };
            if (caller is null) continue;
            var path = RouteParameter().Replace(e.Route, m => m.Groups[1].Value.Contains(':', StringComparison.Ordinal) ? "1" : "x");
            using var request = new HttpRequestMessage(new HttpMethod(e.Method), path);
            if (e.Method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            var status = (await caller.SendAsync(request)).StatusCode;
            if (status == HttpStatusCode.UnsupportedMediaType) continue; // multipart-only: routing refuses before authorisation
            if (status != expected) wrong.Add($"{e.Method} {e.Route} [{e.Policy}] -> {(int)status}");
        }
        wrong.ShouldBeEmpty(app.Errors);
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteParameter();
}
