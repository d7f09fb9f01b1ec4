using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Report;
using UnionOne.Bench.Workloads.Search;

namespace UnionOne.Bench.Workloads.Disbursement;

/// <summary>
/// Issue 4's 180,000-member disbursement (福利发放), end to end through the staff API: the district's fund is topped up
/// (POST /api/v1/wallet/funds/{id}/top-ups), a draft for every active member of the district (the district staff user's
/// union: 椒江区总工会 in the demo tree, about 181,000 members of the 1,000,000) is created by selection, submitted by the
/// city staff user, approved by the district staff user (the whole total moves into transit), and the worker credits the
/// members in chunks. The figure is members credited per second between approval and "posted" (the database's own
/// timestamps), against pgbench TPC-B tps measured in the same run (target at least 7x). Then the posting is replayed
/// (POST .../replay re-sends every chunk to the ledger with its key, in a transaction rolled back): every chunk must be
/// recognised and the ledger must be unchanged. The disbursement's own books are checked: nothing left in transit, one
/// credit per member. Each run adds its credits to the bench database (posted money is never deleted).
/// </summary>
internal sealed class DisbursementWorkload : IWorkload
{
    private static readonly Target PostingTarget = Target.RatioAtLeast(7);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const long AmountFen = 1_000;

    public string Name => "disbursement";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var s = context.Settings;
        var clients = s.PgbenchClients;
        var baselineName = $"pgbench TPC-B (-c {clients} -j {s.PgbenchThreads} -T {s.PgbenchSeconds})";
        const string Row = "disbursement: create, approve, post (all active members of a district)";
        if (context.NoMembersReason is { } none)
        {
            context.Add(ResultRow.NotAvailable(Row, baselineName, "-", PostingTarget, none));
            return;
        }
        var creator = await StaffSession.OpenAsync(context, s.CityStaff, ct);
        var approver = await StaffSession.OpenAsync(context, s.DistrictStaff, ct);
        if (creator.Token is null || approver.Token is null)
        {
            context.Add(ResultRow.NotAvailable(Row, baselineName, "-", PostingTarget, creator.Failure ?? approver.Failure ?? "staff sign-in failed"));
            return;
        }
        var unionId = await DistrictAsync(context, s.DistrictStaff, ct);
        if (unionId is null)
        {
            context.Add(ResultRow.NotAvailable(Row, baselineName, "-", PostingTarget, $"staff user '{s.DistrictStaff}' has no union"));
            return;
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { BaseAddress = s.AppUrl, Timeout = TimeSpan.FromMinutes(10) };
        var probe = await SendAsync(http, HttpMethod.Get, "/api/v1/wallet/funds", creator.Token, null, null, ct);
        if (probe.Status == HttpStatusCode.NotFound)
        {
            context.Add(ResultRow.NotAvailable(Row, baselineName, "-", PostingTarget, "GET /api/v1/wallet/funds answers 404: disbursements are not in this build"));
            return;
        }

        // The baseline first, alone on the machine (shared with the other write workloads at this client count).
        var tpcb = await context.TpcbAsync(clients, ct);

        var clock = Stopwatch.StartNew();
        var count = await SendAsync(http, HttpMethod.Get, $"/api/v1/wallet/disbursements/selection-count?unionId={unionId}", creator.Token, null, null, ct);
        var members = count.Json?.GetProperty("members").GetInt32() ?? 0;
        if (count.Status != HttpStatusCode.OK || members == 0)
        {
            context.Add(ResultRow.Broken(Row, baselineName, PostingTarget.Text, $"selection count answered {(int)count.Status}: {count.Body}"));
            return;
        }
        var label = $"disbursement: {members:#,0} members (create, approve, post)";
        Log.Step($"disbursement: {members:#,0} active members in union {unionId}; topping up its fund");
        var topUp = await SendAsync(http, HttpMethod.Post, $"/api/v1/wallet/funds/{unionId}/top-ups", creator.Token,
            new { amountFen = members * AmountFen, memo = "基准测试拨款" }, Guid.NewGuid().ToString("N"), ct);
        if (topUp.Status != HttpStatusCode.Created)
        {
            context.Add(ResultRow.Broken(label, baselineName, PostingTarget.Text, $"top-up answered {(int)topUp.Status}: {topUp.Body}"));
            return;
        }

        var createWatch = Stopwatch.StartNew();
        var created = await SendAsync(http, HttpMethod.Post, "/api/v1/wallet/disbursements", creator.Token, new
        {
            unionId,
            title = "基准测试发放 " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            purpose = "基准测试",
            amountFen = AmountFen,
            validDays = 60,
        }, null, ct);
        var createSeconds = createWatch.Elapsed.TotalSeconds;
        if (created.Status != HttpStatusCode.Created)
        {
            context.Add(ResultRow.Broken(label, baselineName, PostingTarget.Text, $"create answered {(int)created.Status}: {created.Body}"));
            return;
        }
        var id = created.Json!.Value.GetProperty("id").GetInt64();
        var submitted = await SendAsync(http, HttpMethod.Post, $"/api/v1/wallet/disbursements/{id}/submit", creator.Token, null, null, ct);
        if (submitted.Status != HttpStatusCode.OK)
        {
            context.Add(ResultRow.Broken(label, baselineName, PostingTarget.Text, $"submit answered {(int)submitted.Status}: {submitted.Body}"));
            return;
        }

        Log.Step($"disbursement {id}: approving (the whole total into transit), then waiting for the worker to credit {members:#,0} members");
        var approveWatch = Stopwatch.StartNew();
        var approved = await SendAsync(http, HttpMethod.Post, $"/api/v1/wallet/disbursements/{id}/approve", approver.Token, null, Guid.NewGuid().ToString("N"), ct);
        var approveSeconds = approveWatch.Elapsed.TotalSeconds;
        if (approved.Status != HttpStatusCode.OK)
        {
            context.Add(ResultRow.Broken(label, baselineName, PostingTarget.Text, $"approve answered {(int)approved.Status}: {approved.Body}"));
            return;
        }
        var lastLogged = -1;
        JsonElement view;
        while (true)
        {
            var polled = await SendAsync(http, HttpMethod.Get, $"/api/v1/wallet/disbursements/{id}", approver.Token, null, null, ct);
            view = polled.Json!.Value;
            if (view.GetProperty("status").GetString() == "posted") break;
            var percent = view.GetProperty("creditedMembers").GetInt32() * 100 / Math.Max(1, members);
            if (percent / 25 != lastLogged / 25) Log.Step($"disbursement {id}: {percent}% credited");
            lastLogged = percent;
            if (approveWatch.Elapsed > TimeSpan.FromMinutes(10))
            {
                context.Add(ResultRow.Broken(label, baselineName, PostingTarget.Text, $"not posted after 10 minutes: {view}"));
                return;
            }
            await Task.Delay(100, ct);
        }
        var observedSeconds = approveWatch.Elapsed.TotalSeconds;
        var endToEnd = clock.Elapsed.TotalSeconds;
        var (postingSeconds, chunks, books) = await PostedAsync(context, id, ct);

        var perSecond = members / postingSeconds;
        var ratio = perSecond / tpcb.Tps;
        var figure = string.Create(CultureInfo.InvariantCulture,
            $"{perSecond:#,0} credits/s ({members:#,0} members in {postingSeconds:0.0} s, {chunks} chunks; create {createSeconds:0.0} s, approve {approveSeconds:0.0} s, end to end {endToEnd:0.0} s)");
        var details = new { id, unionId, members, chunks, postingSeconds, observedSeconds, createSeconds, approveSeconds, endToEnd, perSecond, tpcb, books };
        context.Add(ResultRow.Measured(label, figure, baselineName, string.Create(CultureInfo.InvariantCulture, $"{tpcb.Tps:#,0} tps"), ratio, PostingTarget, ratio, details));

        var booksRight = books.InTransit == 0 && books.Credits == members && books.CreditedFen == members * AmountFen && books.MembersTwice == 0;
        // The replay: every chunk sent to the ledger again with its key; nothing may move.
        var before = await LedgerFingerprintAsync(context, ct);
        var replay = await SendAsync(http, HttpMethod.Post, $"/api/v1/wallet/disbursements/{id}/replay", creator.Token, null, null, ct);
        var after = await LedgerFingerprintAsync(context, ct);
        if (replay.Status != HttpStatusCode.OK)
        {
            context.Add(ResultRow.Broken($"disbursement replay: {members:#,0} members", "-", "0 posted", $"replay answered {(int)replay.Status}: {replay.Body}"));
            return;
        }
        var r = replay.Json!.Value;
        var replayed = r.GetProperty("replayed").GetInt32();
        var notReplayed = r.GetProperty("notReplayed").GetInt32();
        var unchanged = before == after;
        context.Add(new ResultRow($"disbursement replay and books: {members:#,0} members",
            string.Create(CultureInfo.InvariantCulture,
                $"{replayed} of {chunks} chunks replayed, {notReplayed} posted, ledger {(unchanged ? "unchanged" : "CHANGED")}; in transit {books.InTransit} fen, {books.Credits:#,0} credits, {books.MembersTwice} members twice"),
            "-", "-", null, "0 posted, books balance",
            notReplayed == 0 && replayed == chunks && unchanged && booksRight ? Verdicts.Pass : Verdicts.Fail)
        { Details = new { replay = r, before, after, books } });
    }

    internal sealed record Books(long InTransit, long Credits, long CreditedFen, long MembersTwice);

    /// <summary>Posting time by the database's clock, chunk count, and the disbursement's own books.</summary>
    private static async Task<(double Seconds, int Chunks, Books Books)> PostedAsync(BenchContext context, long id, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select extract(epoch from d.posted_at - d.approved_at)::float8,
                   (select count(*) from wallet.disbursement_chunks c where c.disbursement_id = d.id)::int,
                   coalesce((select a.balance from wallet.accounts a where a.kind = 10 and a.owner_id = d.id), 0),
                   (select count(*) from wallet.lots l join wallet.transfers t on t.id = l.transfer_id where t.reference = 'disbursement:' || d.id),
                   (select coalesce(sum(l.original), 0) from wallet.lots l join wallet.transfers t on t.id = l.transfer_id where t.reference = 'disbursement:' || d.id)::bigint,
                   (select count(*) from (select l.account_id from wallet.lots l join wallet.transfers t on t.id = l.transfer_id
                                          where t.reference = 'disbursement:' || d.id group by l.account_id having count(*) > 1) x)
            from wallet.disbursements d where d.id = @id
            """, conn);
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetDouble(0), reader.GetInt32(1), new Books(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
    }

    /// <summary>Transfers, postings and lots by count and sum: any posting between two readings changes it.</summary>
    private static async Task<string> LedgerFingerprintAsync(BenchContext context, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select (select count(*) || '/' || coalesce(max(id), 0) from wallet.transfers) || ' ' ||
                   (select count(*) from wallet.postings) || ' ' ||
                   (select count(*) || '/' || coalesce(sum(remaining), 0) from wallet.lots)
            """, conn);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task<long?> DistrictAsync(BenchContext context, string userName, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select r.union_id from identity.staff_roles r join identity.staff_users u on u.id = r.staff_id
            where lower(u.user_name) = lower(@user) order by r.union_id limit 1
            """, conn);
        cmd.Parameters.AddWithValue("user", userName);
        return await cmd.ExecuteScalarAsync(ct) as long?;
    }

    private sealed record Answer(HttpStatusCode Status, string Body, JsonElement? Json);

    private static async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body, string? idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        JsonElement? json = null;
        if (text.Length > 0 && text[0] is '{' or '[')
        {
            using var doc = JsonDocument.Parse(text);
            json = doc.RootElement.Clone();
        }
        return new Answer(response.StatusCode, text.Length > 300 ? text[..300] : text, json);
    }
}
