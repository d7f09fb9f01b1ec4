namespace UnionOne.Modules.Organisations.Contracts;

/// <summary>A union to create. Kind: e.g. "federation", "industry-federation", "enterprise", "school", "hospital", "public-sector".</summary>
public sealed record NewUnion(
    string Name,
    UnionLevel Level,
    long? ParentId,
    string Kind,
    string? RegionCode,
    string? CreditCode = null,
    string? Address = null,
    string? ContactName = null,
    string? ContactPhone = null,
    DateOnly? FoundedOn = null,
    int EmployeesReported = 0,
    bool ServesNewEmploymentForms = false);

/// <summary>Changes to the tree, for the module's own endpoints and for tools (demo data).</summary>
public interface IOrganisationAdmin
{
    /// <summary>Validates and creates the union (with its join code); returns its id. Throws InputValidationException / BusinessRuleException.</summary>
    Task<long> CreateAsync(NewUnion union, long? actorStaffId, CancellationToken ct = default);
}
