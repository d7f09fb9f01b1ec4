using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Access;
using UnionOne.Modules.Identity.SecurityStamps;
using UnionOne.Modules.Identity.StaffSignIn;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Identity.ChangePassword;

/// <summary>
/// Changes a staff member's own password: checks the current one and the policy, stores the new hash and a new
/// security stamp (ending every other session and token), audits it in the same transaction.
/// Throws InputValidationException with field errors (currentPassword, newPassword, confirmPassword).
/// </summary>
internal sealed class ChangePasswordService(
    NpgsqlDataSource dataSource,
    IPasswordHasher<StaffAccount> hasher,
    IAuditLog audit,
    SecurityStampCheck stamps,
    IStringLocalizer<IdentityText> l,
    ILogger<ChangePasswordService> logger)
{
    /// <summary>Returns the account with its new stamp, to re-issue the caller's own cookie or token.</summary>
    public async Task<StaffIdentity> ChangeAsync(long staffId, string? currentPassword, string? newPassword, string? confirmPassword, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition("""
            select id, user_name as UserName, display_name as DisplayName, password_hash as PasswordHash
            from identity.staff_users where id = @staffId and not disabled for update
            """, new { staffId }, tx, cancellationToken: ct)) ?? throw new NotFoundException(l["账号不存在"]);

        var errors = new Dictionary<string, string[]>();
        var user = new StaffAccount(account.Id, account.UserName);
        if (string.IsNullOrEmpty(currentPassword)) errors["currentPassword"] = [l["请填写当前密码"]];
        else if (hasher.VerifyHashedPassword(user, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
            errors["currentPassword"] = [l["当前密码不正确"]];
        if (PasswordPolicy.Check(newPassword, account.UserName, l) is { } weak) errors["newPassword"] = [weak];
        else if (newPassword == currentPassword) errors["newPassword"] = [l["新密码不能与当前密码相同"]];
        if (newPassword != confirmPassword) errors["confirmPassword"] = [l["两次输入的新密码不一致"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        var stamp = await conn.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            update identity.staff_users
            set password_hash = @hash, security_stamp = gen_random_uuid(), must_change_password = false
            where id = @staffId
            returning security_stamp
            """, new { staffId, hash = hasher.HashPassword(user, newPassword!) }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditActions.StaffPasswordChanged, "staff", staffId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Detail: new { userName = account.UserName }), tx, ct);
        await tx.CommitAsync(ct);
        stamps.Forget(staffId);
        logger.LogInformation("Staff account {StaffId} changed its password; older sessions end", staffId);
        return new StaffIdentity(account.Id, account.UserName, account.DisplayName, stamp);
    }

    private sealed record AccountRow(long Id, string UserName, string DisplayName, string PasswordHash);
}
