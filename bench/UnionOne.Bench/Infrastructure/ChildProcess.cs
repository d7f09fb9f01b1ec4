using System.Diagnostics;
using System.Text.Json;

namespace UnionOne.Bench.Infrastructure;

/// <summary>
/// Runs a verb of this program in a child process (same environment) and reads the JSON result it writes to a file.
/// Used for the import, so that its peak memory is the child's alone.
/// </summary>
internal static class ChildProcess
{
    public static async Task<T> RunAsync<T>(string verb, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var resultFile = Path.Combine(Path.GetTempPath(), $"unionone-bench-{verb}-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo { UseShellExecute = false };
        var self = typeof(ChildProcess).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(self);
        start.FileName = host;
        start.ArgumentList.Add(verb);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--result");
        start.ArgumentList.Add(resultFile);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {verb} child process");
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{verb} child did not finish within {timeout.TotalMinutes:0} minutes");
        }
        try
        {
            if (!File.Exists(resultFile)) throw new InvalidOperationException($"{verb} child exited with code {process.ExitCode} and wrote no result");
            await using var stream = File.OpenRead(resultFile);
            return await JsonSerializer.DeserializeAsync<T>(stream, cancellationToken: ct)
                ?? throw new InvalidOperationException($"{verb} child wrote an empty result");
        }
        finally
        {
            File.Delete(resultFile);
        }
    }

    /// <summary>In the child: writes the result where the parent asked.</summary>
    public static async Task WriteResultAsync<T>(string path, T result) =>
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result));
}
