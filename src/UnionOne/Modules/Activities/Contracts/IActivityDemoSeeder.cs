namespace UnionOne.Modules.Activities.Contracts;

/// <summary>Activities of the demo city (called by the demo-data seeder after the unions and staff exist).</summary>
public interface IActivityDemoSeeder
{
    /// <summary>
    /// Once per database: a handful of published activities of the unions (by name) that exist in the map, recorded as created
    /// by <paramref name="staffId"/>. Returns how many were added (0 when activities exist already).
    /// </summary>
    Task<int> SeedAsync(IReadOnlyDictionary<string, long> unionIdsByName, long staffId, CancellationToken ct = default);
}
