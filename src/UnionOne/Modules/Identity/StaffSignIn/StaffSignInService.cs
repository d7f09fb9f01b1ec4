using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Access;

namespace UnionOne.Modules.Identity.StaffSignIn;

internal enum StaffSignInStatus
{
    Succeeded,
    Failed,
    LockedOut,
}

internal sealed record StaffSignInOutcome(StaffSignInStatus Status, StaffIdentity? Staff = null, DateTime? LockedUntil = null);

/// <summary>
/// Checks a user name and password with lock-out: <see cref="IdentityModuleOptions.LockoutThreshold"/> consecutive
/// failures lock the account for <see cref="IdentityModuleOptions.LockoutMinutes"/>. The counter is moved by one
/// conditional UPDATE per failure, so failures arriving at the same moment are all counted; a success resets it.
/// Every attempt is audited. Used by the sign-in page and the token endpoint.
/// </summary>
internal sealed class StaffSignInService(
    NpgsqlDataSource dataSource,
    IPasswordHasher<StaffAccount> hasher,
    IAuditLog audit,
    IOptions<IdentityModuleOptions> options,
    IStringLocalizer<IdentityText> l,
    ILogger<StaffSignInService> logger)
{
    // Verifying against a fixed hash when the user does not exist keeps the answer time the same.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<StaffAccount>().HashPassword(new StaffAccount(0, ""), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));

    public async Task<StaffSignInOutcome> SignInAsync(string userName, string password, string channel, CancellationToken ct)
    {
        var name = userName.Trim();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var account = await conn.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition("""
            select id, user_name as UserName, display_name as DisplayName, password_hash as PasswordHash, disabled,
                   locked_until as LockedUntil, coalesce(locked_until > now(), false) as IsLocked
            from identity.staff_users where lower(user_name) = lower(@name)
            """, new { name }, cancellationToken: ct));

        if (account is null)
        {
            hasher.VerifyHashedPassword(new StaffAccount(0, name), DummyHash.Value, password);
            // What was typed as a user name is kept short: people sometimes type their password there.
            await AuditAsync(AuditActions.StaffSignInFailed, null, new { userName = name.Length > 32 ? name[..32] : name, channel, reason = "unknown-user" }, ct);
            return new StaffSignInOutcome(StaffSignInStatus.Failed);
        }
        if (account.Disabled)
        {
            await AuditAsync(AuditActions.StaffSignInFailed, account.Id, new { userName = account.UserName, channel, reason = "disabled" }, ct);
            return new StaffSignInOutcome(StaffSignInStatus.Failed);
        }
        if (account.IsLocked)
        {
            await AuditAsync(AuditActions.StaffSignInFailed, account.Id, new { userName = account.UserName, channel, reason = "locked" }, ct);
            return new StaffSignInOutcome(StaffSignInStatus.LockedOut, LockedUntil: account.LockedUntil);
        }

        var verdict = hasher.VerifyHashedPassword(new StaffAccount(account.Id, account.UserName), account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed) return await FailAsync(conn, account, channel, ct);

        var newHash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(new StaffAccount(account.Id, account.UserName), password) : null;
        // Conditional on not being locked: failures that locked the account meanwhile win over this success.
        var signedIn = await conn.QuerySingleOrDefaultAsync<SuccessRow>(new CommandDefinition("""
            update identity.staff_users
            set failed_count = 0, locked_until = null, last_sign_in_at = now(), password_hash = coalesce(@newHash, password_hash)
            where id = @id and not disabled and (locked_until is null or locked_until <= now())
            returning security_stamp as SecurityStamp, must_change_password as MustChangePassword
            """, new { id = account.Id, newHash }, cancellationToken: ct));
        if (signedIn is null)
        {
            var lockedUntil = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                "select locked_until from identity.staff_users where id = @id", new { id = account.Id }, cancellationToken: ct));
            await AuditAsync(AuditActions.StaffSignInFailed, account.Id, new { userName = account.UserName, channel, reason = "locked" }, ct);
            return new StaffSignInOutcome(StaffSignInStatus.LockedOut, LockedUntil: lockedUntil);
        }

        await AuditAsync(AuditActions.StaffSignIn, account.Id, new { userName = account.UserName, channel }, ct);
        logger.LogInformation("Staff account {StaffId} signed in ({Channel})", account.Id, channel);
        return new StaffSignInOutcome(StaffSignInStatus.Succeeded,
            new StaffIdentity(account.Id, account.UserName, account.DisplayName, signedIn.SecurityStamp, signedIn.MustChangePassword));
    }

    /// <summary>The message to show for a failed outcome (never says whether the user name exists).</summary>
    public string Message(StaffSignInOutcome outcome) => outcome.Status switch
    {
        StaffSignInStatus.LockedOut when outcome.LockedUntil is { } until => l["账号已锁定，请于{0}后重试", RetryTime(until)],
        StaffSignInStatus.LockedOut => l["账号已锁定，请稍后重试"],
        _ => l["用户名或密码错误"],
    };

    /// <summary>HH:mm in Beijing time, rounded up to the next whole minute so that the time shown is never too early.</summary>
    public static string RetryTime(DateTime lockedUntilUtc)
    {
        var beijing = new DateTimeOffset(DateTime.SpecifyKind(lockedUntilUtc, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8));
        var rounded = beijing.Ticks % TimeSpan.TicksPerMinute == 0 ? beijing : beijing.AddTicks(TimeSpan.TicksPerMinute - beijing.Ticks % TimeSpan.TicksPerMinute);
        return rounded.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<StaffSignInOutcome> FailAsync(NpgsqlConnection conn, AccountRow account, string channel, CancellationToken ct)
    {
        var o = options.Value;
        // One statement: concurrent failures serialise on the row and each sees the count left by the one before.
        var after = await conn.QuerySingleOrDefaultAsync<FailureRow>(new CommandDefinition("""
            update identity.staff_users
            set failed_count = case when locked_until is null then failed_count + 1 else 1 end,
                locked_until = case when (case when locked_until is null then failed_count + 1 else 1 end) >= @threshold
                                    then now() + make_interval(mins => @minutes) end
            where id = @id and (locked_until is null or locked_until <= now())
            returning failed_count as FailedCount, locked_until as LockedUntil
            """, new { id = account.Id, threshold = o.LockoutThreshold, minutes = o.LockoutMinutes }, cancellationToken: ct));

        if (after is null)
        {
            // Locked by concurrent failures between our read and our update.
            var lockedUntil = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
                "select locked_until from identity.staff_users where id = @id", new { id = account.Id }, cancellationToken: ct));
            await AuditAsync(AuditActions.StaffSignInFailed, account.Id, new { userName = account.UserName, channel, reason = "locked" }, ct);
            return new StaffSignInOutcome(StaffSignInStatus.LockedOut, LockedUntil: lockedUntil);
        }

        await AuditAsync(AuditActions.StaffSignInFailed, account.Id, new { userName = account.UserName, channel, reason = "wrong-password", failedCount = after.FailedCount }, ct);
        if (after.LockedUntil is { } until)
        {
            await AuditAsync(AuditActions.StaffLockedOut, account.Id, new { userName = account.UserName, lockedUntil = until, failedCount = after.FailedCount }, ct);
            logger.LogWarning("Staff account {StaffId} locked after {Failures} failed sign-ins", account.Id, after.FailedCount);
            return new StaffSignInOutcome(StaffSignInStatus.LockedOut, LockedUntil: until);
        }
        return new StaffSignInOutcome(StaffSignInStatus.Failed);
    }

    private Task AuditAsync(string action, long? staffId, object detail, CancellationToken ct) =>
        audit.WriteAsync(new AuditEntry(action, "staff", staffId?.ToString(System.Globalization.CultureInfo.InvariantCulture), Detail: detail), ct: ct);

    private sealed record AccountRow(long Id, string UserName, string DisplayName, string PasswordHash, bool Disabled, DateTime? LockedUntil, bool IsLocked);

    private sealed record FailureRow(int FailedCount, DateTime? LockedUntil);

    private sealed record SuccessRow(Guid SecurityStamp, bool MustChangePassword);
}
