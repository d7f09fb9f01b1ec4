namespace UnionOne.Bench.Workloads.Import;

/// <summary>What one import did, as the benchmark reports it.</summary>
internal sealed record ImportOutcome(long ImportId, int TotalRows, int ValidRows, int ErrorRows, int Inserted, double ValidateSeconds, double CommitSeconds);

/// <summary>
/// The one place that knows how the platform's import service is called (validate the file, then commit the valid
/// rows). Runs inside the import child process, with the app's own service provider.
/// </summary>
internal interface IMemberImportAdapter
{
    /// <summary>Null when the import service can be called; otherwise why not (reported as "not available").</summary>
    string? Unavailable(IServiceProvider services);

    Task<ImportOutcome> ImportAsync(IServiceProvider services, long unionId, string xlsxPath, long? actorStaffId, CancellationToken ct);
}
