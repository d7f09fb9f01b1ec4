using System.Net;
using System.Text.Json;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Load;
using UnionOne.Bench.Report;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Search;

/// <summary>
/// Member search through the API, GET /api/v1/members?q=(surname prefix) and ?phone=(11 digits), as a city-level staff
/// user (whole tree) and as a district-level one (subtree), against the raw SQL statement returning the same rows run
/// directly through Npgsql, with the same number of concurrent clients. Figure: p50/p95 latency. Target: API p95 at
/// most twice the SQL p95.
/// </summary>
internal sealed class SearchWorkload : IWorkload
{
    private static readonly Target SearchTarget = Target.RatioAtMost(2);

    public string Name => "search";

    private sealed record Series(string Label, Func<int, string> Path, Func<int, SqlStatement> Sql, int Inputs);

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var s = context.Settings;
        foreach (var (userName, level) in new[] { (s.CityStaff, "city staff"), (s.DistrictStaff, "district staff") })
        {
            var byName = $"search q=surname, {level} ({userName})";
            var byPhone = $"search phone=, {level} ({userName})";
            if (context.NoMembersReason is { } none)
            {
                context.Add(ResultRow.NotAvailable(byName, "raw SQL", "-", SearchTarget, none));
                context.Add(ResultRow.NotAvailable(byPhone, "raw SQL", "-", SearchTarget, none));
                continue;
            }
            var session = await StaffSession.OpenAsync(context, userName, ct);
            if (session.Scope is not { } scope)
            {
                context.Add(ResultRow.NotAvailable(byName, "raw SQL", "-", SearchTarget, session.Failure!));
                context.Add(ResultRow.NotAvailable(byPhone, "raw SQL", "-", SearchTarget, session.Failure!));
                continue;
            }

            var names = SearchInputs.NamePrefixes;
            await MeasureAsync(context, session, new Series(byName,
                i => "/api/v1/members?q=" + Uri.EscapeDataString(names[i]),
                i => SearchBaselineSql.For(scope, names[i], null),
                names.Count), ct);

            var phones = await SearchInputs.PhonesAsync(context, scope, 200, ct);
            var hashes = phones.Select(p => context.Cipher.LookupHash(PersonalDataPurposes.Phone, p)).ToArray();
            if (phones.Count == 0)
            {
                context.Add(ResultRow.NotAvailable(byPhone, "raw SQL", "-", SearchTarget, "no members with a phone in this staff user's scope"));
                continue;
            }
            await MeasureAsync(context, session, new Series(byPhone,
                i => "/api/v1/members?phone=" + phones[i],
                i => SearchBaselineSql.For(scope, null, hashes[i]),
                phones.Count), ct);
        }
    }

    private static async Task MeasureAsync(BenchContext context, StaffSession session, Series series, CancellationToken ct)
    {
        var plan = context.Plan(context.Settings.SearchClients);
        const string baselineName = "raw SQL (Npgsql)";

        Log.Step($"{series.Label}: SQL baseline, {plan}");
        var sql = await LoadRunner.RunAsync(plan, async (_, i, token) =>
        {
            await SearchBaselineSql.RunAsync(context.Db, series.Sql((int)(i % series.Inputs)), token);
            return true;
        }, ct);
        if (sql.Failed)
        {
            context.Add(ResultRow.Broken(series.Label, baselineName, SearchTarget.Text, $"SQL baseline: {sql.Errors} errors: {sql.FirstError}"));
            return;
        }
        var sqlFigure = sql.Latency;

        if (session.Token is null)
        {
            context.Add(ResultRow.NotAvailable(series.Label, baselineName, sqlFigure, SearchTarget, session.Failure!) with { Details = new { sql } });
            return;
        }
        using var http = new HttpLoad(context.Settings.AppUrl, plan.Concurrency);
        var credentials = new HttpLoad.Credentials(BearerToken: session.Token);
        var (status, body) = await http.GetAsync(series.Path(0), credentials, ct);
        if (status != HttpStatusCode.OK)
        {
            context.Add(ResultRow.NotAvailable(series.Label, baselineName, sqlFigure, SearchTarget,
                $"GET {series.Path(0).Split('?')[0]} answered {(int)status}") with { Details = new { sql } });
            return;
        }
        var note = await SameRowsAsync(context, series, body, ct);

        Log.Step($"{series.Label}: API, {plan}");
        var buffers = Enumerable.Range(0, plan.Concurrency).Select(_ => new byte[32 * 1024]).ToArray();
        var api = await LoadRunner.RunAsync(plan, (w, i, token) => http.GetOkAsync(series.Path((int)(i % series.Inputs)), credentials, buffers[w], token), ct);
        if (api.Failed)
        {
            context.Add(ResultRow.Broken(series.Label, baselineName, SearchTarget.Text, $"API: {api.Errors} of {api.Requests + api.Errors} requests failed: {api.FirstError}"));
            return;
        }
        var ratio = sql.P95Ms > 0 ? api.P95Ms / sql.P95Ms : double.PositiveInfinity;
        context.Add(ResultRow.Measured(series.Label, $"{api.Latency} ({api.Throughput})", baselineName, $"{sqlFigure} ({sql.Throughput})",
            ratio, SearchTarget, ratio, new { api, sql }) with { Note = note });
    }

    /// <summary>Checks, on the first input, that the API page holds the same members in the same order as the SQL statement.</summary>
    private static async Task<string?> SameRowsAsync(BenchContext context, Series series, string apiBody, CancellationToken ct)
    {
        var sqlIds = (await SearchBaselineSql.RunAsync(context.Db, series.Sql(0), ct)).Take(SearchBaselineSql.PageSize).ToList();
        List<long> apiIds;
        try
        {
            using var json = JsonDocument.Parse(apiBody);
            var items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("items");
            apiIds = items.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"could not read member ids from the API answer ({e.Message}); rows not compared";
        }
        return apiIds.SequenceEqual(sqlIds) ? null
            : $"API and SQL baseline returned different rows for the first input (API {apiIds.Count}, SQL {sqlIds.Count}): the baseline statement no longer mirrors the API";
    }
}
