using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// Calls the Members module's import service, UnionOne.Modules.Members.Import.MemberImporter:
/// <c>ValidateAsync(long unionId, Stream file, string fileName, long? actorStaffId, CancellationToken)</c> returning a
/// summary with ImportId/TotalRows/ValidRows/ErrorRows, then <c>CommitAsync(long importId, long? actorStaffId, CancellationToken)</c>
/// returning Inserted. It is bound by name at run time so that this branch builds before the import is merged; after
/// the merge it can be replaced by the direct, typed call shown in docs/performance.md.
/// </summary>
internal sealed class MemberImporterAdapter : IMemberImportAdapter
{
    private const string TypeName = "UnionOne.Modules.Members.Import.MemberImporter";

    private static Type? ImporterType => typeof(global::Program).Assembly.GetType(TypeName);

    public string? Unavailable(IServiceProvider services)
    {
        if (ImporterType is not { } type) return $"the import service {TypeName} is not in this build";
        if (type.GetMethod("ValidateAsync") is null || type.GetMethod("CommitAsync") is null) return $"{TypeName} has no ValidateAsync/CommitAsync";
        return services.GetService(type) is null ? $"{TypeName} is not registered in the app's services" : null;
    }

    public async Task<ImportOutcome> ImportAsync(IServiceProvider services, long unionId, string xlsxPath, long? actorStaffId, CancellationToken ct)
    {
        var type = ImporterType!;
        var importer = services.GetService(type)!;
        var clock = Stopwatch.StartNew();
        object summary;
        await using (var file = new FileStream(xlsxPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            summary = await InvokeAsync(importer, type.GetMethod("ValidateAsync")!, [unionId, file, Path.GetFileName(xlsxPath), actorStaffId, ct]);
        }
        var validated = clock.Elapsed.TotalSeconds;
        var importId = Read<long>(summary, "ImportId");
        var commit = await InvokeAsync(importer, type.GetMethod("CommitAsync")!, [importId, actorStaffId, ct]);
        var total = clock.Elapsed.TotalSeconds;
        return new ImportOutcome(importId, Read<int>(summary, "TotalRows"), Read<int>(summary, "ValidRows"), Read<int>(summary, "ErrorRows"),
            Read<int>(commit, "Inserted"), validated, total - validated);
    }

    /// <summary>Fills the method's parameters by type from the values given (in order), optional ones left at their defaults.</summary>
    private static async Task<object> InvokeAsync(object target, MethodInfo method, object?[] available)
    {
        var pool = available.ToList();
        var args = method.GetParameters().Select(p =>
        {
            var match = pool.FindIndex(v => v is null ? Nullable.GetUnderlyingType(p.ParameterType) is not null || !p.ParameterType.IsValueType : p.ParameterType.IsInstanceOfType(v)
                                                       || (Nullable.GetUnderlyingType(p.ParameterType) is { } u && u.IsInstanceOfType(v)));
            if (match >= 0)
            {
                var value = pool[match];
                pool.RemoveAt(match);
                return value;
            }
            if (p.HasDefaultValue) return p.DefaultValue;
            throw new InvalidOperationException($"{method.Name}: no value for parameter {p.Name} ({p.ParameterType.Name})");
        }).ToArray();
        var task = (Task)method.Invoke(target, args)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    private static T Read<T>(object result, string property) =>
        (T)Convert.ChangeType(result.GetType().GetProperty(property)?.GetValue(result)
                              ?? throw new InvalidOperationException($"{result.GetType().Name} has no {property}"), typeof(T), CultureInfo.InvariantCulture);
}
