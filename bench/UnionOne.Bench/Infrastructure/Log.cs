namespace UnionOne.Bench.Infrastructure;

/// <summary>Progress lines while a run goes (the table comes at the end).</summary>
internal static class Log
{
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    public static void Step(string message) => Console.WriteLine($"[{Clock.Elapsed:mm\\:ss}] {message}");

    public static void Warn(string message) => Console.WriteLine($"[{Clock.Elapsed:mm\\:ss}] WARNING: {message}");
}
