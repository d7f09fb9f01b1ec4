using System.Diagnostics;
using System.Globalization;
using Npgsql;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Faults;

/// <summary>
/// A throwaway PostgreSQL cluster for one test class (scripts/pg.sh with its own data directory and port), so a test can
/// kill and restart the database without touching the cluster every other test uses.
/// </summary>
internal sealed class OwnCluster : IAsyncDisposable
{
    private readonly string dataRoot = Path.Combine(Path.GetTempPath(), $"unionone-faults-{Guid.NewGuid():N}");
    private readonly int port = FaultRounds.FreePort();

    public string AdminConnectionString =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "unionone",
            Password = File.ReadAllText(Path.Combine(dataRoot, "pg-password")).Trim(),
            Database = "postgres",
            IncludeErrorDetail = true,
        }.ConnectionString;

    /// <summary>The cluster's own folder: pg (the data directory), pg.log, pg-password.</summary>
    public string DataRoot => dataRoot;

    public int Port => port;

    public async Task StartAsync() => await PgShAsync("start");

    /// <summary>A fast shutdown (open sessions are ended).</summary>
    public async Task StopAsync() => await PgShAsync("stop");

    public async Task<bool> IsRunningAsync()
    {
        var pidFile = Path.Combine(dataRoot, "pg", "postmaster.pid");
        if (!File.Exists(pidFile)) return false;
        var lines = await File.ReadAllLinesAsync(pidFile);
        return lines.Length > 0 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Directory.Exists($"/proc/{pid}");
    }

    /// <summary>
    /// SIGKILL of the postmaster and every backend, as a power cut does: the postmaster is frozen first so it forks nothing
    /// new, its children are killed, then the postmaster. The next start runs crash recovery from the WAL.
    /// </summary>
    public async Task KillAsync()
    {
        var pidFile = Path.Combine(dataRoot, "pg", "postmaster.pid");
        var postmaster = int.Parse((await File.ReadAllLinesAsync(pidFile))[0], CultureInfo.InvariantCulture);
        await RunAsync("bash", "-c", $"kill -STOP {postmaster}");
        foreach (var child in ChildrenOf(postmaster)) TryKill(child);
        TryKill(postmaster);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.Exists($"/proc/{postmaster}") && DateTime.UtcNow < deadline) await Task.Delay(50);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A clean restart (fast shutdown: open sessions are ended, then the server starts again).</summary>
    public async Task RestartAsync()
    {
        await PgShAsync("stop");
        await PgShAsync("start");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgShAsync("stop");
        }
        finally
        {
            if (Directory.Exists(dataRoot)) Directory.Delete(dataRoot, recursive: true);
        }
    }

    private async Task PgShAsync(string verb) =>
        await RunAsync(Path.Combine(FaultRounds.RepositoryRoot, "scripts", "pg.sh"), verb);

    private async Task RunAsync(string file, params string[] args)
    {
        var start = ChildProcess.Start(file, args);
        start.Environment.Remove("UNIONONE_DB");
        start.Environment["UNIONONE_DATA"] = dataRoot;
        start.Environment["UNIONONE_PGPORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["UNIONONE_DBNAME"] = "faults";
        await ChildProcess.RunCheckedAsync(start);
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // pid (comm) state ppid ...: comm may contain spaces, so parse after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && fields[1] == parent.ToString(CultureInfo.InvariantCulture)) yield return pid;
        }
    }

    private static void TryKill(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            p.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

}
