using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform;

/// <summary>
/// The authorisation matrix (issue 6), generated from the endpoint list. Every /api/v1 endpoint is placed in
/// AuthorisationMatrix.txt as public, staff, member, device or till; a new endpoint fails <see cref="Every_endpoint_is_placed_in_the_matrix"/>
/// until it is placed there, and its placement must match its authorisation metadata. Each endpoint is then called as
/// anonymous, as a member, as staff of another district and as staff of the city above, and each answer is checked against
/// what its class allows. Nothing anywhere answers 500, whatever the caller sends (an empty JSON body, id 1).
/// Which object a staff member may see inside a class (404 for another subtree) is proven by each module's own tests.
/// </summary>
public sealed partial class AuthorisationMatrixTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private static readonly string MatrixFile = Path.Combine(AppContext.BaseDirectory, "Platform", "AuthorisationMatrix.txt");

    internal static IReadOnlyDictionary<string, string> Matrix { get; } = File.ReadLines(MatrixFile)
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('@'))
        .Select(l => (Class: l[..l.IndexOf(' ', StringComparison.Ordinal)], Endpoint: l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim()))
        .ToDictionary(x => x.Endpoint, x => x.Class);

    internal static IReadOnlyDictionary<string, string> ActualClasses(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Endpoint: $"{m} {e.RoutePattern.RawText}", Class: ClassOf(e))))
            .DistinctBy(x => x.Endpoint)
            .ToDictionary(x => x.Endpoint, x => x.Class);

    private static string ClassOf(Endpoint e)
    {
        var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (e.Metadata.GetMetadata<IAllowAnonymous>() is not null || policies.Count == 0) return "public";
        return policies.Last() switch
        {
            "staff-api" => "staff",
            "member-api" => "member",
            "device-api" => "device",
            "till-api" => "till",
            var other => "unknown:" + other,
        };
    }

    [Fact]
    public void Every_endpoint_is_placed_in_the_matrix()
    {
        var actual = ActualClasses(app.Services);
        var misplaced = actual.Where(a => !Matrix.TryGetValue(a.Key, out var c) || c != a.Value).Select(a => $"{a.Value} {a.Key}")
            .Concat(Matrix.Keys.Where(k => !actual.ContainsKey(k)).Select(k => $"(gone) {k}"))
            .Order().ToList();
        misplaced.ShouldBeEmpty("place these lines in tests/UnionOne.Tests/Platform/AuthorisationMatrix.txt");
        actual.Count.ShouldBeGreaterThan(80);
    }

    [Fact]
    public async Task Every_caller_gets_what_the_matrix_allows_and_nothing_answers_500()
    {
        var city = await app.CreateUnionAsync(TestActors.Unique("矩阵市总工会"), UnionLevel.City, kind: "federation");
        var districtA = await app.CreateUnionAsync(TestActors.Unique("矩阵甲区总工会"), UnionLevel.County, city, kind: "federation");
        var districtB = await app.CreateUnionAsync(TestActors.Unique("矩阵乙区总工会"), UnionLevel.County, city, kind: "federation");
        var factoryA = await app.CreateUnionAsync(TestActors.Unique("矩阵甲区工厂工会"), UnionLevel.Grassroots, districtA);
        var member = await app.NewMemberAsync(factoryA);
        var callers = new (string Name, HttpClient Client)[]
        {
            ("anonymous", app.CreateClient()),
            ("member", member.Api),
            ("staff-other-district", await app.StaffApiAsync(await app.CreateStaffAsync(TestActors.Unique("mb"), "Passw0rd!x", (districtB, StaffRole.Chair)))),
            ("staff-above", await app.StaffApiAsync(await app.CreateStaffAsync(TestActors.Unique("mc"), "Passw0rd!x", (city, StaffRole.Chair)))),
        };

        var wrong = new List<string>();
        foreach (var (endpoint, cls) in Matrix.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            foreach (var (caller, client) in callers)
            {
                var status = await SendAsync(client, endpoint);
                if (!Allowed(cls, caller, status)) wrong.Add($"{endpoint} [{cls}] as {caller} -> {(int)status}");
            }
        }
        wrong.ShouldBeEmpty(app.Errors);
    }

    /// <summary>The matrix: what each class of endpoint may answer each caller.</summary>
    private static bool Allowed(string cls, string caller, HttpStatusCode status)
    {
        if (status == HttpStatusCode.InternalServerError) return false;
        var refused = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        return (cls, caller) switch
        {
            // Public endpoints need no credentials, though a sign-in endpoint answers 401 to wrong ones.
            ("public", _) => true,
            (_, "anonymous") => status == HttpStatusCode.Unauthorized,
            ("staff", "member") => status == HttpStatusCode.Forbidden,
            ("staff", "staff-other-district") => status != HttpStatusCode.Unauthorized,
            ("staff", "staff-above") => !refused,
            ("member", "member") => !refused,
            ("member", _) => status == HttpStatusCode.Forbidden,
            ("device" or "till", _) => status == HttpStatusCode.Unauthorized,
            _ => false,
        };
    }

    internal static async Task<HttpStatusCode> SendAsync(HttpClient client, string endpoint)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var method = endpoint[..space];
        var path = RouteParameter().Replace(endpoint[(space + 1)..], m => m.Groups[1].Value.Contains(':', StringComparison.Ordinal) ? "1" : "x");
        var status = await SendAsync(client, method, path, json: true);
        // Upload endpoints accept only multipart bodies and routing answers 415 before authorisation: ask again as a form.
        return status == HttpStatusCode.UnsupportedMediaType ? await SendAsync(client, method, path, json: false) : status;
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string path, bool json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = json ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
                : new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.xlsx" } };
        }
        return (await client.SendAsync(request)).StatusCode;
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteParameter();
}
