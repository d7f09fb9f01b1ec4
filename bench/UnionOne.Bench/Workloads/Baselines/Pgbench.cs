using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace UnionOne.Bench.Workloads.Baselines;

/// <summary>Runs PostgreSQL's pgbench (from UNIONONE_PGBIN, i.e. `scripts/pg.sh bin`, or PATH) against one database.</summary>
internal sealed partial class Pgbench(string connectionString)
{
    public sealed record Outcome(double Tps, double LatencyMs, long Transactions, long Failed);

    private static string Executable =>
        Environment.GetEnvironmentVariable("UNIONONE_PGBIN") is { Length: > 0 } dir && File.Exists(Path.Combine(dir, "pgbench"))
            ? Path.Combine(dir, "pgbench")
            : "pgbench";

    /// <summary>Creates the pgbench tables at <paramref name="scale"/> unless they are already there at that scale.</summary>
    public async Task EnsureInitializedAsync(int scale, CancellationToken ct)
    {
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync(ct);
            await using var exists = new NpgsqlCommand(
                "select to_regclass('pgbench_branches') is not null and to_regclass('pgbench_accounts') is not null", conn);
            if (await exists.ExecuteScalarAsync(ct) is true)
            {
                await using var branches = new NpgsqlCommand("select count(*) from pgbench_branches", conn);
                if (Convert.ToInt64(await branches.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == scale) return;
            }
        }
        await RunAsync(["-i", "-s", scale.ToString(CultureInfo.InvariantCulture), "-q"], TimeSpan.FromMinutes(10), ct);
    }

    /// <summary>A timed run; <paramref name="extra"/> e.g. "-S" for select-only.</summary>
    public async Task<Outcome> BenchAsync(int clients, int threads, int seconds, IEnumerable<string> extra, CancellationToken ct)
    {
        string[] args = ["-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads.ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture), .. extra];
        var output = await RunAsync(args, TimeSpan.FromSeconds(seconds + 120), ct);
        var tps = TpsLine().Match(output);
        if (!tps.Success) throw new InvalidOperationException("pgbench printed no tps line:\n" + output);
        var latency = LatencyLine().Match(output);
        var processed = ProcessedLine().Match(output);
        var failed = FailedLine().Match(output);
        return new Outcome(
            Number(tps.Groups[1].Value),
            latency.Success ? Number(latency.Groups[1].Value) : 0,
            processed.Success ? long.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private async Task<string> RunAsync(string[] args, TimeSpan timeout, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PGHOST"] = csb.Host ?? "127.0.0.1";
        start.Environment["PGPORT"] = csb.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = csb.Username ?? "";
        start.Environment["PGPASSWORD"] = csb.Password ?? "";
        start.Environment["PGDATABASE"] = csb.Database ?? "";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start pgbench");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pgbench {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:0} s");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0) throw new InvalidOperationException($"pgbench {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        return output;
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([0-9.]+) ms")]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"number of transactions actually processed: ([0-9]+)")]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedLine();
}
