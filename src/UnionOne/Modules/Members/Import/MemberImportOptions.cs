namespace UnionOne.Modules.Members.Import;

/// <summary>Limits of bulk import (configuration section "MemberImport").</summary>
internal sealed class MemberImportOptions
{
    public const string Section = "MemberImport";

    /// <summary>Largest accepted file; larger uploads get 413.</summary>
    public long MaxFileBytes { get; set; } = 60L * 1024 * 1024;

    /// <summary>Most data rows in one file.</summary>
    public int MaxRows { get; set; } = 300_000;

    /// <summary>Rows validated, checked against the registry and staged together.</summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>Validated imports not committed within this many days expire and their staged rows are deleted.</summary>
    public int StagingDays { get; set; } = 7;

    /// <summary>Header row is looked for in the first rows (a title row above it is allowed).</summary>
    public int HeaderSearchRows { get; set; } = 10;

    public string MaxFileSizeText => $"{MaxFileBytes / (1024 * 1024)} MB";
}
