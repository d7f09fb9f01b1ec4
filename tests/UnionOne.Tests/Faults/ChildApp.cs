using System.Diagnostics;
using System.Net;

namespace UnionOne.Tests.Faults;

/// <summary>
/// The platform in a child process (the same build the tests run), on its own loopback port, with the settings of a test
/// fixture: so a test can SIGKILL it mid-work and start it again on the same database.
/// </summary>
internal sealed class ChildApp(IReadOnlyDictionary<string, string?> settings) : IAsyncDisposable
{
    private readonly string logPath = Path.Combine(Path.GetTempPath(), $"unionone-child-{Guid.NewGuid():N}.log");
    private Process? process;

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{FaultRounds.FreePort()}");

    public int Starts { get; private set; }

    public HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task StartAsync()
    {
        if (process is { HasExited: false }) throw new InvalidOperationException("the app is already running");
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(FaultRounds.RepositoryRoot, "src", "UnionOne", "bin", configuration, "net10.0", "UnionOne.dll");
        var start = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(FaultRounds.RepositoryRoot, "src", "UnionOne"),
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.Environment.Remove("UNIONONE_SECRETS_FILE");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        process = Process.Start(start) ?? throw new InvalidOperationException("could not start the app");
        Starts++;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"the app exited with {process.ExitCode} on start:\n{Log}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the app did not become healthy within 90 s:\n{Log}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, as when the machine loses the process.</summary>
    public void Kill()
    {
        if (process is null || process.HasExited) return;
        process.Kill();
        process.WaitForExit();
    }

    public string Log => File.Exists(logPath) ? string.Join('\n', File.ReadLines(logPath).TakeLast(60)) : "";

    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        if (File.Exists(logPath)) File.Delete(logPath);
        return ValueTask.CompletedTask;
    }

}
