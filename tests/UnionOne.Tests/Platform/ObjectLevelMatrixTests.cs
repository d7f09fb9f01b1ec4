using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Xunit.Abstractions;
using UnionOne.Tests.Bookings;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members;

namespace UnionOne.Tests.Platform;

/// <summary>
/// The object-level column of the authorisation matrix (issue 6). Every member-class endpoint that takes an object id is
/// called by a member of another union (district B) against a real object of a member of district A's union, and every
/// staff-class endpoint that takes an id by staff of district B against a real object of district A. Each must answer 404,
/// so that existence is not leaked, and the database must not change. An answer other than 404 passes only when it is
/// exactly the answer for an id that does not exist (the request body is refused before any object is looked up, so nothing
/// about the object shows), or when AuthorisationMatrix.txt lists it on an "@foreign" line with the reason.
/// Route parameters are resolved through <see cref="ForeignObjects.Routes"/>: a new id-taking endpoint whose parameter is not
/// there fails <see cref="Every_id_parameter_names_a_kind_of_object_that_the_test_can_create"/> until it is given an object.
/// </summary>
public sealed partial class ObjectLevelMatrixTests(ObjectLevelMatrixTests.App app, ITestOutputHelper output) : IClassFixture<ObjectLevelMatrixTests.App>
{
    /// <summary>The app with subsidy receipts sent every second (not 5), so that the database settles quickly after the objects are made.</summary>
    public sealed class App : UnionOneApp
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["SubsidyEvents:ReceiptIntervalSeconds"] = "1" };
    }

    private const long MissingId = 987_654_321;

    /// <summary>"@foreign 403 METHOD /route  reason" lines: a deliberate answer other than 404 to another union's or district's object.</summary>
    private static IReadOnlyDictionary<string, HttpStatusCode> Declared { get; } = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Platform", "AuthorisationMatrix.txt"))
        .Select(l => l.Trim()).Where(l => l.StartsWith("@foreign ", StringComparison.Ordinal))
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(p => $"{p[2]} {p[3]}", p => (HttpStatusCode)int.Parse(p[1], CultureInfo.InvariantCulture));

    /// <summary>
    /// Valid bodies (and query strings) for endpoints whose input is checked before the object is looked up, so that the call
    /// reaches the object check. Every other endpoint gets "{}".
    /// </summary>
    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["GET /api/v1/subsidy-events/{id:long}/subsidy"] = "?price=10000",
        ["POST /api/v1/members/{id:long}/reveal"] = """{"field":"idNumber"}""",
        ["POST /api/v1/members/{memberId:long}/code-suspension/"] = """{"reason":"会员证件遗失，暂停使用"}""",
        ["POST /api/v1/merchants/{id:long}/check"] = """{"passed":true,"note":"营业执照与经营场所核验无误"}""",
        ["POST /api/v1/merchants/{id:long}/exit"] = """{"reason":"商户申请退出"}""",
        ["POST /api/v1/merchants/{id:long}/objections"] = """{"note":"群众反映价格虚高"}""",
        ["POST /api/v1/merchants/{id:long}/reject"] = """{"reason":"资质不符"}""",
        ["POST /api/v1/merchants/{id:long}/suspend"] = """{"reason":"投诉核查期间暂停"}""",
        ["POST /api/v1/merchants/{id:long}/tills"] = """{"name":"收银台9"}""",
        ["POST /api/v1/places/{placeId:long}/ratings"] = """{"score":5,"comment":"很好"}""",
        ["POST /api/v1/points/items/{id:long}/shelf"] = """{"onShelf":false}""",
        ["POST /api/v1/points/unions/{unionId:long}/items/"] = """{"name":"越权毛巾","price":100,"stock":5,"onShelf":true}""",
        ["PUT /api/v1/points/items/{id:long}/"] = """{"name":"越权毛巾","price":100,"stock":5,"onShelf":true}""",
        ["POST /api/v1/stations/{placeId:long}/status"] = """{"action":"rectify","reason":"越权责令整改"}""",
        ["POST /api/v1/wallet/funds/{unionId:long}/top-ups"] = """{"amountFen":100,"memo":"越权拨款"}""",
        ["POST /api/v1/wallet/settlement-runs/{id:long}/cancel"] = """{"reason":"越权取消"}""",
        ["PUT /api/v1/points/unions/{unionId:long}/rules/{kind:int}"] = """{"points":5}""",
        ["PUT /api/v1/staff/{id:long}/roles/{unionId:long}"] = """{"role":"Chair"}""",
    };

    private static IEnumerable<(string Endpoint, string Class)> IdTakingEndpoints =>
        AuthorisationMatrixTests.Matrix.Where(m => m.Value is "member" or "staff" && m.Key.Contains('{', StringComparison.Ordinal))
            .Select(m => (m.Key, m.Value)).OrderBy(m => m.Key, StringComparer.Ordinal);

    /// <summary>The prefix of each route parameter, "/api/v1/places/{id}" for "{id:long}" in "/api/v1/places/{id:long}/photos".</summary>
    internal static IEnumerable<(string Name, string Prefix)> Parameters(string route)
    {
        foreach (Match m in Parameter().Matches(route))
        {
            var prefix = Parameter().Replace(route[..(m.Index + m.Length)], p => "{" + p.Groups[1].Value + "}");
            yield return (m.Groups[1].Value, prefix);
        }
    }

    [Fact]
    public void Every_id_parameter_names_a_kind_of_object_that_the_test_can_create()
    {
        var unplaced = IdTakingEndpoints.SelectMany(e => Parameters(Route(e.Endpoint)).Where(p => !ForeignObjects.Routes.ContainsKey(p.Prefix))
            .Select(p => $"{e.Endpoint}: {p.Prefix}")).ToList();
        unplaced.ShouldBeEmpty("give these route parameters a kind of object in tests/UnionOne.Tests/Platform/ForeignObjects.cs (Routes and Kinds)");
        IdTakingEndpoints.Count().ShouldBeGreaterThan(60);
        Declared.Keys.Where(k => !AuthorisationMatrixTests.Matrix.ContainsKey(k)).ShouldBeEmpty("@foreign lines for endpoints that do not exist");
    }

    [Fact]
    public async Task Another_unions_member_and_another_districts_staff_get_404_for_real_objects_and_change_nothing()
    {
        var org = await MemberWorld.CreateAsync(app);
        var memberA = await app.NewMemberAsync(org.FactoryA);
        var memberB = await app.NewMemberAsync(org.SchoolB);
        var chairB = await app.CreateStaffAsync(TestActors.Unique("objb"), "Passw0rd!x", (org.DistrictB, Modules.Identity.Contracts.StaffRole.Chair));
        var staffB = await app.StaffApiAsync(chairB);
        var objects = await ForeignObjects.CreateAsync(app, org, memberA);

        // Every object first, so that the snapshot below is taken with all of them in place.
        var calls = new List<(string Endpoint, string Class, string Real, string Missing)>();
        foreach (var (endpoint, cls) in IdTakingEndpoints)
        {
            var route = Route(endpoint);
            string real = route, missing = route;
            foreach (var (name, prefix) in Parameters(route).Reverse())
            {
                var kind = ForeignObjects.Routes[prefix];
                var id = (await objects.GetAsync(kind)).ToString(CultureInfo.InvariantCulture);
                real = ReplaceParameter(real, name, id);
                missing = ReplaceParameter(missing, name, kind.StartsWith('=') ? id : MissingId.ToString(CultureInfo.InvariantCulture));
            }
            calls.Add((endpoint, cls, real, missing));
        }

        var before = await QuietSnapshotAsync();
        var wrong = new List<string>();
        var sameAsMissing = new List<string>();
        foreach (var (endpoint, cls, real, missing) in calls)
        {
            var client = cls == "member" ? memberB.Api : staffB;
            var method = endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)];
            var input = Bodies.GetValueOrDefault(endpoint, "{}");
            var (status, body) = await SendAsync(client, method, real, input);
            if (status == HttpStatusCode.NotFound) continue;
            if (Declared.TryGetValue(endpoint, out var declared) && declared == status) continue;
            var (missingStatus, missingBody) = await SendAsync(client, method, missing, input);
            if (status != HttpStatusCode.InternalServerError && status == missingStatus && Comparable(body) == Comparable(missingBody))
            {
                sameAsMissing.Add($"{endpoint} -> {(int)status}");
                continue;
            }
            wrong.Add($"{endpoint} [{cls}] {real} -> {(int)status} {Shorten(body)} (missing id -> {(int)missingStatus})");
        }
        var after = await SnapshotAsync();

        output.WriteLine($"{calls.Count} calls; answered like a missing id (body refused before the lookup): {sameAsMissing.Count}");
        foreach (var s in sameAsMissing) output.WriteLine("  " + s);
        wrong.ShouldBeEmpty(app.Errors);
        before.Where(t => !after.TryGetValue(t.Key, out var a) || a != t.Value).Select(t => t.Key)
            .ShouldBeEmpty("tables changed by calls that were all refused");
        calls.Count.ShouldBeGreaterThan(60);
    }

    private static string Route(string endpoint) => endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    private static string ReplaceParameter(string route, string name, string value) =>
        Regex.Replace(route, @"\{" + Regex.Escape(name) + @"(:[^}]+)?\}", value);

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string path, string input)
    {
        if (input.StartsWith('?')) (path, input) = (path + input, "{}");
        var answer = await SendAsync(client, method, path, input, json: true);
        // Upload endpoints accept only multipart bodies: ask again as a form.
        return answer.Status == HttpStatusCode.UnsupportedMediaType ? await SendAsync(client, method, path, input, json: false) : answer;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, string method, string path, string input, bool json)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = json ? new StringContent(input, Encoding.UTF8, "application/json")
                : new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "x.xlsx" } };
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A ProblemDetails body without its trace id (which differs per request).</summary>
    private static string Comparable(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return body;
            return string.Join("|", doc.RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.Name + "=" + p.Value.GetRawText()));
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] : body;

    /// <summary>
    /// A snapshot once background work set off by creating the objects (the subsidy receipt SMS) has settled: two snapshots
    /// 2.5 seconds apart (more than the receipt worker's interval) are equal.
    /// </summary>
    private async Task<Dictionary<string, string>> QuietSnapshotAsync()
    {
        var last = await SnapshotAsync();
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(2_500);
            var now = await SnapshotAsync();
            if (now.Count == last.Count && now.All(t => last.TryGetValue(t.Key, out var v) && v == t.Value)) return now;
            last = now;
        }
        throw new InvalidOperationException("the database did not settle after the objects were created");
    }

    /// <summary>An md5 of every row of every table, per table.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync()
    {
        await using var conn = await app.OpenAsync();
        var tables = await conn.QueryAsync<string>(
            "select quote_ident(schemaname) || '.' || quote_ident(relname) from pg_stat_user_tables order by 1");
        var result = new Dictionary<string, string>();
        foreach (var table in tables)
            result[table] = await conn.ExecuteScalarAsync<string>($"select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from {table} t") ?? "";
        return result;
    }

    [GeneratedRegex(@"\{([^}:]+)(:[^}]+)?\}")]
    private static partial Regex Parameter();
}
