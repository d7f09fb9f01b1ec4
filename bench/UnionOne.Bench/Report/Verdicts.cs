namespace UnionOne.Bench.Report;

internal static class Verdicts
{
    public const string Pass = "pass";
    public const string Fail = "FAIL";

    /// <summary>The feature being measured is not there yet (e.g. its endpoint answers 404).</summary>
    public const string NotAvailable = "not available";

    /// <summary>The harness could not measure (a baseline or the run itself broke).</summary>
    public const string Error = "ERROR";

    /// <summary>A ceiling printed on its own, with no target.</summary>
    public const string Baseline = "baseline";
}
