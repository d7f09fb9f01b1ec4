using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Tests.Infrastructure;
using UnionOne.Tests.Members.Import;
using Xunit.Abstractions;

namespace UnionOne.Tests.Faults;

/// <summary>
/// Fault suite: the app is SIGKILLed while it validates an uploaded member file and again while it commits the rows. Each
/// is one transaction, so after a restart the union holds either none of the file's members or all of them, never part;
/// committing again finishes the job (or is refused because it was done), and re-importing the file changes nothing.
/// </summary>
[Trait("Suite", "Faults")]
public sealed class AppKilledMidImportTests(UnionOneApp app, ITestOutputHelper output) : IClassFixture<UnionOneApp>
{
    private const int Rows = 3_000;

    [Fact]
    public async Task An_import_killed_while_validating_or_committing_is_all_or_nothing_and_finishes_after_restart()
    {
        var arrangement = await app.ArrangeAsync();
        var userName = TestActors.Unique("importer");
        await app.CreateStaffAsync(userName, "Passw0rd!x", (arrangement.District, StaffRole.Officer));
        var keys = Directory.CreateTempSubdirectory("unionone-keys-");
        await using var child = new ChildApp(new Dictionary<string, string?>(app.Settings) { ["DataProtection:KeysPath"] = keys.FullName });
        await child.StartAsync();
        using var staff = child.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(staff, userName));
        await using var conn = await app.OpenAsync();
        var members = 0;
        var killedWhile = new List<string>();

        for (var round = 0; round < FaultRounds.Count; round++)
        {
            var file = CsvFile();
            // 1. Killed while validating: nothing of the upload is kept.
            var importsBefore = await conn.ExecuteScalarAsync<long>("select count(*) from members.imports where union_id = @Union", arrangement);
            var upload = staff.UploadAsync(arrangement.Union, file, $"round{round}.csv");
            killedWhile.Add(await KillWhenActiveAsync(child, conn, "members.import_rows", upload) ? "validating" : "after validating");
            (await conn.ExecuteScalarAsync<long>("""
                select count(*) from members.import_rows r join members.imports i on i.id = r.import_id
                where i.union_id = @Union and i.status = 1
                  and (select count(*) from members.import_rows x where x.import_id = i.id) <> i.valid_rows
                """, arrangement)).ShouldBe(0, "an import was left with part of its rows staged");
            await child.StartAsync();

            // 2. Validated; killed while committing.
            var summary = await staff.UploadOkAsync(app, arrangement.Union, file, $"round{round}.csv");
            summary.ValidRows.ShouldBe(Rows);
            var commit = staff.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null);
            killedWhile.Add(await KillWhenActiveAsync(child, conn, "insert into members.members", commit) ? "committing" : "after committing");
            var now = await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arrangement);
            now.ShouldBeOneOf(members, members + Rows);
            await child.StartAsync();

            var again = await staff.PostAsync($"/api/v1/member-imports/{summary.ImportId}/commit", null);
            if (now == members) again.StatusCode.ShouldBe(HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
            else again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            members += Rows;
            (await conn.ExecuteScalarAsync<long>("select count(*) from members.members where union_id = @Union", arrangement)).ShouldBe(members);
            (await conn.ExecuteScalarAsync<long>("""
                select count(*) from members.membership_events e join members.members m on m.id = e.member_id
                where m.union_id = @Union and e.kind = 'joined'
                """, arrangement)).ShouldBe(members);

            // 3. The same file again changes nothing.
            var replay = await staff.UploadOkAsync(app, arrangement.Union, file, $"round{round}-again.csv");
            replay.UnchangedRows.ShouldBe(Rows);
        }

        output.WriteLine(string.Join(", ", killedWhile));
        killedWhile.ShouldContain("validating");
        killedWhile.ShouldContain("committing");
    }

    /// <summary>Waits until the app runs a statement touching <paramref name="sqlFragment"/> and SIGKILLs it; false when the request ended first.</summary>
    private static async Task<bool> KillWhenActiveAsync(ChildApp child, Npgsql.NpgsqlConnection conn, string sqlFragment, Task<HttpResponseMessage> request)
    {
        var seen = false;
        for (var i = 0; i < 2_000 && !seen && !request.IsCompleted; i++)
        {
            seen = await conn.ExecuteScalarAsync<bool>("""
                select exists (select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
                               and state = 'active' and position(@sqlFragment in query) > 0)
                """, new { sqlFragment });
            if (!seen) await Task.Delay(5);
        }
        var completedFirst = request.IsCompleted;
        child.Kill();
        try
        {
            await request;
        }
        catch (HttpRequestException)
        {
        }
        return seen && !completedFirst;
    }

    private static byte[] CsvFile()
    {
        var rows = new List<string?[]> { ImportFiles.Header };
        for (var r = 0; r < Rows; r++)
        {
            var p = ImportFiles.NextPerson();
            rows.Add(["李建华", p.Id, p.Phone, "企业职工", "2024-03-01", null, "台州某某机械有限公司"]);
        }
        return ImportFiles.Csv(rows, Encoding.UTF8, bom: true);
    }

    private static async Task<string> TokenAsync(HttpClient client, string userName)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/staff/token", new { userName, password = "Passw0rd!x" });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("accessToken").GetString()!;
    }
}
