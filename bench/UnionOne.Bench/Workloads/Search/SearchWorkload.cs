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
        var clients = context.Settings.SearchClients;
        const string baselineName = "raw SQL (Npgsql)";
        LoadOperation sqlOperation = async (_, i, token) =>
        {
            await SearchBaselineSql.RunAsync(context.Db, series.Sql((int)(i % series.Inputs)), token);
            return true;
        };

        string? unavailable = session.Failure;
        HttpLoad? http = null;
        string? note = null;
        var credentials = new HttpLoad.Credentials(BearerToken: session.Token);
        if (session.Token is not null)
        {
            http = new HttpLoad(context.Settings.AppUrl, clients);
            var (status, body) = await http.GetAsync(series.Path(0), credentials, ct);
            if (status == HttpStatusCode.OK) note = await SameRowsAsync(context, series, body, ct);
            else unavailable = $"GET {series.Path(0).Split('?')[0]} answered {(int)status}";
        }

        using (http)
        {
            if (unavailable is not null || http is null)
            {
                Log.Step($"{series.Label}: SQL baseline alone, {context.Plan(clients)}");
                var alone = await LoadRunner.RunAsync(context.Plan(clients), sqlOperation, ct);
                context.Add(alone.Failed
                    ? ResultRow.Broken(series.Label, baselineName, SearchTarget.Text, $"SQL baseline: {alone.Errors} errors: {alone.FirstError}")
                    : ResultRow.NotAvailable(series.Label, baselineName, alone.Latency, SearchTarget, unavailable ?? "no API client") with { Details = new { sql = alone } });
                return;
            }

            Log.Step($"{series.Label}: API against SQL baseline, {context.Shape(clients)}");
            var buffers = Enumerable.Range(0, clients).Select(_ => new byte[32 * 1024]).ToArray();
            var (sql, api) = await context.PairedAsync(clients, sqlOperation,
                (w, i, token) => http.GetOkAsync(series.Path((int)(i % series.Inputs)), credentials, buffers[w], token), ct);
            if (sql.Failed || api.Failed)
            {
                context.Add(ResultRow.Broken(series.Label, baselineName, SearchTarget.Text, sql.Failed
                    ? $"SQL baseline: {sql.Errors} errors: {sql.FirstError}"
                    : $"API: {api.Errors} of {api.Requests + api.Errors} requests failed: {api.FirstError}"));
                return;
            }
            var ratio = sql.P95Ms > 0 ? api.P95Ms / sql.P95Ms : double.PositiveInfinity;
            context.Add(ResultRow.Measured(series.Label, $"{api.Latency} ({api.Throughput})", baselineName, $"{sql.Latency} ({sql.Throughput})",
                ratio, SearchTarget, ratio, new { api, sql }) with { Note = note });
        }
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
