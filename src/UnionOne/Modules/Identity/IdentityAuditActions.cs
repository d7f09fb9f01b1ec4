namespace UnionOne.Modules.Identity;

/// <summary>
/// Audit actions of the Identity module that AuditActions (Audit contracts) does not name yet.
/// Candidates to move there.
/// </summary>
internal static class IdentityAuditActions
{
    public const string StaffSignedOut = "staff.signed-out";
    public const string StaffCreated = "staff.created";
    public const string StaffRoleRevoked = "staff.role-revoked";
}
