using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionOne.Bench.Report;

/// <summary>The run as JSON: bench/results/latest.json and a timestamped copy beside it (the folder is git-ignored).</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record Run(
        string Mode,
        DateTimeOffset StartedAt,
        double Seconds,
        MachineInfo Machine,
        long MembersWanted,
        long Members,
        object Settings,
        IReadOnlyList<ResultRow> Rows);

    public static string Write(string resultsDir, Run run)
    {
        Directory.CreateDirectory(resultsDir);
        var json = JsonSerializer.Serialize(run, Options);
        var latest = Path.Combine(resultsDir, "latest.json");
        File.WriteAllText(latest, json);
        File.WriteAllText(Path.Combine(resultsDir, $"run-{run.StartedAt:yyyyMMdd-HHmmss}-{run.Mode}.json"), json);
        return latest;
    }
}
