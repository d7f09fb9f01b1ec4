using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using UnionOne.Bench.Infrastructure;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// The import child process (`UnionOne.Bench import-child --file x.xlsx --result r.json`): hosts the whole app in
/// process, creates a fresh grassroots union, imports the file through the platform's import service (validate, then
/// commit) and reports the time and its own peak resident memory (VmHWM), which is the figure held to 300 MB.
/// </summary>
internal static class ImportChild
{
    public const string Verb = "import-child";

    public sealed record Result
    {
        public bool Available { get; init; }

        public string? Reason { get; init; }

        public string? Error { get; init; }

        public long UnionId { get; init; }

        public ImportOutcome? Outcome { get; init; }

        public double Seconds { get; init; }

        /// <summary>Resident memory once the app was up, before the import.</summary>
        public long ResidentAtStartBytes { get; init; }

        /// <summary>Peak resident memory of the whole child process (VmHWM).</summary>
        public long PeakResidentBytes { get; init; }
    }

    public static async Task<int> RunAsync(string file, string resultPath)
    {
        file = Path.GetFullPath(file);
        resultPath = Path.GetFullPath(resultPath);
        Result result;
        try
        {
            result = await ImportAsync(file);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            result = new Result { Available = true, Error = $"{e.GetType().Name}: {e.Message}", PeakResidentBytes = ProcessMemory.PeakResidentBytes() };
        }
        await ChildProcess.WriteResultAsync(resultPath, result);
        return 0;
    }

    private static async Task<Result> ImportAsync(string file)
    {
        var adapter = new MemberImporterAdapter();
        await using var app = AppHost.Create();
        var services = app.Services;
        await using var scope = services.CreateAsyncScope();
        if (adapter.Unavailable(scope.ServiceProvider) is { } reason) return new Result { Available = false, Reason = reason };

        var unionId = await ScratchUnions.CreateAsync(services.GetRequiredService<IOrganisationAdmin>(), services.GetRequiredService<NpgsqlDataSource>(),
            "导入", 0, CancellationToken.None);
        var atStart = ProcessMemory.ResidentBytes();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await adapter.ImportAsync(scope.ServiceProvider, unionId, file, null, CancellationToken.None);
        clock.Stop();
        return new Result
        {
            Available = true,
            UnionId = unionId,
            Outcome = outcome,
            Seconds = clock.Elapsed.TotalSeconds,
            ResidentAtStartBytes = atStart,
            PeakResidentBytes = ProcessMemory.PeakResidentBytes(),
        };
    }
}
