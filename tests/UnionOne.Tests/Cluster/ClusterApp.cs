using System.Globalization;
using Npgsql;
using UnionOne.Tests.Faults;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Cluster;

/// <summary>
/// `make cluster` for one test class: scripts/cluster.sh starts, on free loopback ports, a PostgreSQL primary with a
/// streaming replica, two app instances (the build the tests run) and nginx in front. The app in this process works on the
/// same primary database and keeps its data-protection keys in the cluster's key folder, so the tokens and cookies it mints
/// for test actors are accepted by both instances. Its own background workers are off: the instances do that work.
/// </summary>
public sealed class ClusterApp : UnionOneApp
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"unionone-cluster-{Guid.NewGuid():N}");
    private readonly int httpPort = FaultRounds.FreePort();
    private readonly int[] appPorts = [FaultRounds.FreePort(), FaultRounds.FreePort()];
    private readonly int primaryPort = FaultRounds.FreePort();
    private readonly int replicaPort = FaultRounds.FreePort();

    private Dictionary<string, string?> startEnv = [];

    public string KeysPath => Path.Combine(root, "keys");

    public Uri Nginx => new($"http://127.0.0.1:{httpPort}");

    public Uri Instance(int n) => new($"http://127.0.0.1:{appPorts[n - 1]}");

    public string ReplicaConnectionString { get; private set; } = "";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Wallet:Disbursements:WorkerEnabled"] = "false",
        // Chunks are cut at approval, which the tests do in this process.
        ["Wallet:Disbursements:ChunkSize"] = "20",
        ["Bookings:WorkerEnabled"] = "false",
        ["SubsidyEvents:WorkerEnabled"] = "false",
        ["DataProtection:KeysPath"] = KeysPath,
    };

    /// <summary>What the instances run with, beyond the test settings (keys, logging).</summary>
    private static readonly Dictionary<string, string> InstanceSettings = new()
    {
        ["Wallet:Disbursements:WorkerEnabled"] = "true",
        ["Wallet:Disbursements:WorkerIntervalSeconds"] = "1",
        ["Wallet:Disbursements:ChunkSize"] = "20",
        ["Wallet:Disbursements:Parallelism"] = "1",
        ["Bookings:WorkerEnabled"] = "true",
        // Off: the burst's applicants are bulk-inserted with placeholder phones, which the receipt sender cannot decrypt.
        ["SubsidyEvents:WorkerEnabled"] = "false",
        ["Database:ReplicaCheckSeconds"] = "1",
        ["Logging:LogLevel:UnionOne.Modules.Wallet"] = "Information",
        ["Logging:LogLevel:UnionOne.Platform.Database"] = "Information",
        // The read-routing test pauses replay on the replica; a lag limit of an hour keeps the paused replica in use, so
        // what it serves is visibly stale (in production the default of 10 s would move those reads to the primary).
        ["Database:ReplicaMaxLagSeconds"] = "3600",
    };

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DataProtection:KeysPath", KeysPath);
    }

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(KeysPath);
        var env = new Dictionary<string, string?>();
        foreach (var (key, value) in Settings)
        {
            if (key is "UNIONONE_DB" or "Database:ConnectionString" || ExtraSettings.ContainsKey(key)) continue;
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        foreach (var (key, value) in InstanceSettings) env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        env["ASPNETCORE_ENVIRONMENT"] = "Testing";
        env["CLUSTER_SEED"] = "false";
        env["UNIONONE_APP_DLL"] = AppDll;
        // The instances take their personal-data keys from the settings above, not from a secrets file.
        env["UNIONONE_SECRETS_FILE"] = "";
        startEnv = env;
        await ClusterShAsync(env, "start");
        ConnectionString = UrlOf(primaryPort, 40);
        ReplicaConnectionString = UrlOf(replicaPort, 10);
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ClusterShAsync(new Dictionary<string, string?>(), "stop");
        }
        finally
        {
            // The instances' logs of the last run stay for a look after a failure.
            var keep = Path.Combine(Path.GetTempPath(), "unionone-cluster-last");
            Directory.CreateDirectory(keep);
            foreach (var log in Directory.Exists(root) ? Directory.GetFiles(root, "*.log") : []) File.Copy(log, Path.Combine(keep, Path.GetFileName(log)), overwrite: true);
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>SIGKILL of app instance <paramref name="n"/> (1 or 2): no shutdown, as when its machine is lost.</summary>
    public async Task KillInstanceAsync(int n) => await ClusterShAsync(new Dictionary<string, string?>(), "kill", n.ToString(CultureInfo.InvariantCulture));

    /// <summary>A clean stop of the replica (the primary and the instances go on).</summary>
    public async Task StopReplicaAsync() => await ClusterShAsync(new Dictionary<string, string?>(), "stop-replica");

    /// <summary>Starts what is not running (a killed instance) with the same settings; nginx is reloaded.</summary>
    public async Task StartAgainAsync() => await ClusterShAsync(startEnv, "start");

    public string InstanceLog(int n)
    {
        var path = Path.Combine(root, $"app{n}.log");
        // Request lines (two per request) would hide everything else.
        return File.Exists(path)
            ? string.Join('\n', File.ReadLines(path).Where(l => !l.StartsWith("info: UnionOne.Platform.Web.RequestLog", StringComparison.Ordinal)
                && !System.Text.RegularExpressions.Regex.IsMatch(l, "^ +(GET|POST|PUT|PATCH|DELETE) /")).TakeLast(40))
            : "";
    }

    public HttpClient Client(Uri baseAddress, bool cookies = false) =>
        new(new SocketsHttpHandler { UseProxy = false, UseCookies = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private string UrlOf(int port, int pool) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "unionone",
        Password = File.ReadAllText(Path.Combine(root, "primary", "pg-password")).Trim(),
        Database = "unionone",
        MaxPoolSize = pool,
        IncludeErrorDetail = true,
    }.ConnectionString;

    private static string AppDll
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
            return Path.Combine(FaultRounds.RepositoryRoot, "src", "UnionOne", "bin", configuration, "net10.0", "UnionOne.dll");
        }
    }

    private async Task ClusterShAsync(IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var start = ChildProcess.Start(Path.Combine(FaultRounds.RepositoryRoot, "scripts", "cluster.sh"), args);
        start.Environment.Remove("UNIONONE_DB");
        start.Environment["UNIONONE_CLUSTER"] = root;
        start.Environment["CLUSTER_HTTP_PORT"] = httpPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_APP_PORTS"] = string.Join(' ', appPorts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        start.Environment["CLUSTER_PG_PORT"] = primaryPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["CLUSTER_REPLICA_PORT"] = replicaPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in env) start.Environment[key] = value;
        await ChildProcess.RunCheckedAsync(start, () => $"{InstanceLog(1)}\n{InstanceLog(2)}");
    }
}
