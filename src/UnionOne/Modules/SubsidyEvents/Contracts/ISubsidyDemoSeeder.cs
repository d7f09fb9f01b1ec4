namespace UnionOne.Modules.SubsidyEvents.Contracts;

/// <summary>Demo data: one subsidy event with timed entry (lottery) at the demo city, open for applications.</summary>
public interface ISubsidyDemoSeeder
{
    /// <summary>Adds the demo event at the union when no subsidy event exists yet; returns whether it added one.</summary>
    Task<bool> SeedAsync(long cityUnionId, long staffId, CancellationToken ct = default);
}
