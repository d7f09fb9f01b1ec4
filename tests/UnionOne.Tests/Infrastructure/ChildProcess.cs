using System.Diagnostics;

namespace UnionOne.Tests.Infrastructure;

/// <summary>Runs a command to its end with its output captured (scripts, mount, pg tools): one place for the redirect-and-wait dance.</summary>
internal static class ChildProcess
{
    /// <summary>A start for <paramref name="file"/> with output redirected and each argument passed as given.</summary>
    public static ProcessStartInfo Start(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Runs it and returns exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs it and returns standard output; a non-zero exit throws with both outputs and <paramref name="context"/>.</summary>
    public static async Task<string> RunCheckedAsync(ProcessStartInfo start, Func<string>? context = null)
    {
        var (exit, stdout, stderr) = await RunAsync(start);
        if (exit != 0)
            throw new InvalidOperationException(
                $"{Path.GetFileName(start.FileName)} {string.Join(' ', start.ArgumentList)} exited with {exit}: {stderr}{stdout}{(context is null ? "" : "\n" + context())}");
        return stdout;
    }
}
