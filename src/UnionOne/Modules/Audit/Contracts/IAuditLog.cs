using Npgsql;

namespace UnionOne.Modules.Audit.Contracts;

/// <summary>
/// One audited act: every unmasked view of personal data, every export, every sign-in and
/// every change of membership or tree. The actor is taken from the current user.
/// </summary>
public sealed record AuditEntry(string Action, string SubjectKind, string? SubjectId, long? UnionId = null, object? Detail = null);

/// <summary>Append-only audit log; entries cannot be changed or deleted from the application (the database refuses).</summary>
public interface IAuditLog
{
    /// <summary>Writes the entry; pass the transaction of the audited change so both commit or neither.</summary>
    Task WriteAsync(AuditEntry entry, NpgsqlTransaction? transaction = null, CancellationToken ct = default);
}

/// <summary>Audit action names in one place, so reports can filter on them.</summary>
public static class AuditActions
{
    public const string RevealIdNumber = "member.reveal-id";
    public const string RevealPhone = "member.reveal-phone";
    public const string ExportMembers = "member.export";
    public const string JoinApproved = "member.join-approved";
    public const string JoinRejected = "member.join-rejected";
    public const string TransferReleased = "member.transfer-released";
    public const string TransferAccepted = "member.transfer-accepted";
    public const string ImportCommitted = "member.import-committed";
    public const string MemberUpdated = "member.updated";
    public const string StaffSignIn = "staff.sign-in";
    public const string StaffSignInFailed = "staff.sign-in-failed";
    public const string StaffLockedOut = "staff.locked-out";
    public const string StaffPasswordChanged = "staff.password-changed";
    public const string StaffRoleGranted = "staff.role-granted";
    public const string MemberSignIn = "member.sign-in";
    public const string UnionCreated = "union.created";
    public const string UnionUpdated = "union.updated";
    public const string UnionMoved = "union.moved";
    public const string UnionMerged = "union.merged";
    public const string UnionDeregistered = "union.deregistered";
}
