namespace UnionOne.Modules.Merchants.Contracts;

/// <summary>Demo data: a recruitment batch of the demo city with active merchants (each with a till), one on notice and one applying.</summary>
public interface IMerchantDemoSeeder
{
    /// <summary>
    /// Adds the demo merchants for the unions (by name) in the map, recorded as done by the given staff member; does nothing when
    /// any merchant exists already. Returns how many merchants were added.
    /// </summary>
    Task<int> SeedAsync(IReadOnlyDictionary<string, long> unionIdsByName, long staffId, string staffName, CancellationToken ct = default);
}
