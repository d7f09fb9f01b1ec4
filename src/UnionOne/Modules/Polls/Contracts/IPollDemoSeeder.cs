namespace UnionOne.Modules.Polls.Contracts;

/// <summary>Demo data for polls (used by the DemoData module).</summary>
public interface IPollDemoSeeder
{
    /// <summary>Once per database: an open poll of <paramref name="cityUnionId"/>. Returns the number of polls added (0 when already seeded).</summary>
    Task<int> SeedAsync(long cityUnionId, CancellationToken ct = default);
}
