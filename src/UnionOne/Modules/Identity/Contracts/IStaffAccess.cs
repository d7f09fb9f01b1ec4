using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Identity.Contracts;

/// <summary>A role a staff account holds on one union node; it covers that node's whole subtree.</summary>
public enum StaffRole
{
    /// <summary>主席</summary>
    Chair = 1,

    /// <summary>副主席</summary>
    ViceChair = 2,

    /// <summary>经办人</summary>
    Officer = 3,

    /// <summary>只读</summary>
    Viewer = 4,
}

public enum Permission
{
    /// <summary>See members, unions, cases of the subtree (masked).</summary>
    Read = 1,

    /// <summary>Approve joins, transfers, imports; edit members.</summary>
    ManageMembers = 2,

    /// <summary>See an ID number or phone unmasked (audited).</summary>
    RevealPersonalData = 3,

    /// <summary>Export lists to files (audited).</summary>
    Export = 4,

    /// <summary>Create, move, merge, deregister unions; grant staff roles.</summary>
    AdministerTree = 5,

    /// <summary>Run the union's places (阵地): places, gate devices, bookings, station inspections, library desks.</summary>
    ManagePlaces = 6,

    /// <summary>Prepare money movements of the union (福利发放, settlement runs, adjustments); posting needs a second person's approval.</summary>
    ManageMoney = 7,

    /// <summary>Approve (复核) a money movement another staff member prepared.</summary>
    ApproveMoney = 8,

    /// <summary>Recruit, check, publicise, activate, suspend merchants (普惠商户) and register their tills.</summary>
    ManageMerchants = 9,
}

public sealed record RoleGrant(long UnionId, string UnionPath, string UnionName, StaffRole Role);

/// <summary>What the signed-in staff member may do, and where.</summary>
public sealed record StaffScope(long StaffId, string UserName, string DisplayName, IReadOnlyList<RoleGrant> Grants)
{
    public static bool RoleAllows(StaffRole role, Permission permission) => permission switch
    {
        Permission.Read => true,
        Permission.ManageMembers => role is StaffRole.Chair or StaffRole.ViceChair or StaffRole.Officer,
        Permission.RevealPersonalData => role is StaffRole.Chair or StaffRole.ViceChair or StaffRole.Officer,
        Permission.Export => role is StaffRole.Chair or StaffRole.ViceChair or StaffRole.Officer,
        Permission.AdministerTree => role is StaffRole.Chair or StaffRole.ViceChair,
        Permission.ManagePlaces => role is StaffRole.Chair or StaffRole.ViceChair or StaffRole.Officer,
        Permission.ManageMoney => role is StaffRole.Chair or StaffRole.ViceChair or StaffRole.Officer,
        Permission.ApproveMoney => role is StaffRole.Chair or StaffRole.ViceChair or StaffRole.Officer,
        Permission.ManageMerchants => role is StaffRole.Chair or StaffRole.ViceChair or StaffRole.Officer,
        _ => false,
    };

    /// <summary>True when a grant covering <paramref name="union"/> allows <paramref name="permission"/>.</summary>
    public bool Can(Permission permission, UnionSummary union) =>
        Grants.Any(g => union.IsWithin(g.UnionPath) && RoleAllows(g.Role, permission));

    /// <summary>Roots of the subtrees where <paramref name="permission"/> is allowed.</summary>
    public IReadOnlyList<long> RootsFor(Permission permission) =>
        Grants.Where(g => RoleAllows(g.Role, permission)).Select(g => g.UnionId).Distinct().ToList();
}

/// <summary>Resolves the current staff user's scope (per request; cached briefly).</summary>
public interface IStaffAccess
{
    /// <summary>The current staff user's scope, or null when the caller is not staff.</summary>
    ValueTask<StaffScope?> CurrentAsync(CancellationToken ct = default);
}
