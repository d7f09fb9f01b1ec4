namespace UnionOne.BrowserTests.Infrastructure;

/// <summary>The browser fixture with the demo city federation loaded on start, as `make run` does.</summary>
public sealed class DemoBrowserApp : BrowserApp
{
    public const string DistrictStaff = "jiaojiang_admin";
    public const string DemoPassword = "Demo@2026union";

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["DemoData:SeedOnStart"] = "true" };
}
