namespace UnionOne.Modules.Identity.Contracts;

/// <summary>Creates staff accounts and grants roles (used by the module's endpoints and by demo data).</summary>
public interface IStaffAdmin
{
    /// <summary>Creates an account with a hashed password; returns its id. Throws BusinessRuleException when the name is taken.</summary>
    Task<long> CreateAsync(string userName, string displayName, string password, CancellationToken ct = default);

    /// <summary>Grants (or changes) the role on a union node.</summary>
    Task GrantAsync(long staffId, long unionId, StaffRole role, long? grantedBy, CancellationToken ct = default);
}
