using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;

namespace UnionOne.Bench.Workloads.Search;

/// <summary>
/// A staff user as the benchmark sees them: a bearer token from POST /api/v1/auth/staff/token, and the unions their
/// roles cover (computed the way the app does: role nodes, then the subtree from the organisation directory), which
/// the SQL baseline needs to filter the same rows.
/// </summary>
internal sealed record StaffSession(string UserName, string? Token, SubtreeFilter? Scope, string? Failure)
{
    public static async Task<StaffSession> OpenAsync(BenchContext context, string userName, CancellationToken ct)
    {
        var scope = await ScopeAsync(context, userName, ct);
        if (scope is null) return new StaffSession(userName, null, null, $"staff user '{userName}' has no roles in the bench database (demo data not seeded?)");

        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = context.Settings.AppUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/staff/token", new { userName, password = context.Settings.StaffPassword }, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            return new StaffSession(userName, null, scope, $"staff sign-in POST /api/v1/auth/staff/token as '{userName}' answered {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.TryGetProperty("accessToken", out var token) && token.GetString() is { Length: > 0 } t
            ? new StaffSession(userName, t, scope, null)
            : new StaffSession(userName, null, scope, "staff sign-in answered without an accessToken");
    }

    private static async Task<SubtreeFilter?> ScopeAsync(BenchContext context, string userName, CancellationToken ct)
    {
        var roots = new List<long>();
        await using (var conn = await context.Db.OpenConnectionAsync(ct))
        await using (var cmd = new NpgsqlCommand("""
            select r.union_id from identity.staff_roles r join identity.staff_users u on u.id = r.staff_id
            where lower(u.user_name) = lower(@name) and not u.disabled
            """, conn))
        {
            cmd.Parameters.AddWithValue("name", userName);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) roots.Add(r.GetInt64(0));
        }
        if (roots.Count == 0) return null;
        var directory = new OrganisationDirectory(context.Db, TimeProvider.System);
        return await directory.SubtreeAsync(roots, ct);
    }
}
