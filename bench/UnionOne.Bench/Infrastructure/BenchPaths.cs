namespace UnionOne.Bench.Infrastructure;

/// <summary>Where results and generated files go: bench/results/ of the checkout (git-ignored).</summary>
internal static class BenchPaths
{
    public static string Root { get; } = Environment.GetEnvironmentVariable("BENCH_ROOT") is { Length: > 0 } r ? r : FindRoot();

    public static string Results => Environment.GetEnvironmentVariable("BENCH_RESULTS_DIR") is { Length: > 0 } d ? d : Path.Combine(Root, "bench", "results");

    /// <summary>Generated input files (the import .xlsx), kept between runs.</summary>
    public static string Data => Path.Combine(Results, "data");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
