using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Messaging.Contracts;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Identity.MemberSignIn;

internal enum CodeIssueStatus
{
    Sent,
    TooSoon,
    DailyLimitReached,
}

internal sealed record CodeIssueOutcome(CodeIssueStatus Status, int RetryAfterSeconds = 0);

/// <summary>A phone proven by its one-time code; Member is set when an active member holds that phone.</summary>
internal sealed record VerifiedPhone(byte[] PhoneHash, string PhoneMasked, MemberRef? Member)
{
    public MemberRef? ActiveMember => Member is { Status: MemberStatus.Active } ? Member : null;
}

/// <summary>
/// Member sign-in by phone and a 6-digit one-time code. Codes are random (RandomNumberGenerator), stored only as
/// HMAC-SHA256 keyed with the phone's look-up hash, valid for a few minutes, single use, with a limited number of
/// wrong guesses; a phone gets at most one code per resend interval and a fixed number per day (Beijing calendar).
/// Only the newest code of a phone counts. A refused verification changes nothing but the attempt counter.
/// </summary>
internal sealed class OneTimeCodes(
    NpgsqlDataSource dataSource,
    IPersonalDataCipher cipher,
    ISmsSender sms,
    IMemberDirectory members,
    IAuditLog audit,
    IOptions<IdentityModuleOptions> options,
    IStringLocalizer<IdentityText> l,
    ILogger<OneTimeCodes> logger)
{
    public const string SignInPurpose = "member-sign-in";

    // Advisory lock class for "one code issue at a time per phone" (the object id comes from the phone hash).
    private const int IssueLockClass = 0x4F54;

    public string NormalizePhone(string? input) =>
        MobilePhone.TryNormalize(input, out var error) ?? throw new InputValidationException("phone", l[error]);

    public async Task<CodeIssueOutcome> IssueAsync(string? rawPhone, CancellationToken ct)
    {
        var phone = NormalizePhone(rawPhone);
        var o = options.Value;
        var phoneHash = cipher.LookupHash(PersonalDataPurposes.Phone, phone);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@cls, @obj)",
            new { cls = IssueLockClass, obj = BitConverter.ToInt32(phoneHash, 0) }, tx, cancellationToken: ct));
        var recent = await conn.QuerySingleAsync<RecentRow>(new CommandDefinition("""
            select max(created_at) as Last,
                   count(*) filter (where created_at >= date_trunc('day', now() at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai') as Today,
                   now() as Now
            from identity.one_time_codes
            where phone_hash = @phoneHash and purpose = @purpose and created_at >= now() - interval '2 days'
            """, new { phoneHash, purpose = SignInPurpose }, tx, cancellationToken: ct));

        if (recent.Last is { } last)
        {
            var wait = TimeSpan.FromSeconds(o.CodeResendSeconds) - (recent.Now - last);
            if (wait > TimeSpan.Zero) return new CodeIssueOutcome(CodeIssueStatus.TooSoon, (int)Math.Ceiling(wait.TotalSeconds));
        }
        if (recent.Today >= o.CodesPerDay) return new CodeIssueOutcome(CodeIssueStatus.DailyLimitReached, SecondsToBeijingMidnight(recent.Now));

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into identity.one_time_codes (phone_hash, code_hash, purpose, expires_at)
            values (@phoneHash, @codeHash, @purpose, now() + make_interval(mins => @minutes))
            """, new { phoneHash, codeHash = CodeHash(phoneHash, SignInPurpose, code), purpose = SignInPurpose, minutes = o.CodeLifetimeMinutes },
            tx, cancellationToken: ct));
        // Sent before commit: when the sender fails, no code is recorded and the phone may ask again at once.
        await sms.SendAsync(phone, $"【工会一码通】您的验证码是{code}，{o.CodeLifetimeMinutes}分钟内有效。请勿告诉他人。", SignInPurpose, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("One-time code issued for {Purpose}", SignInPurpose);
        return new CodeIssueOutcome(CodeIssueStatus.Sent);
    }

    public string Message(CodeIssueOutcome outcome) => outcome.Status switch
    {
        CodeIssueStatus.TooSoon => l["发送过于频繁，请{0}秒后再试", outcome.RetryAfterSeconds],
        CodeIssueStatus.DailyLimitReached => l["今天获取验证码的次数已达上限，请明天再试"],
        _ => l["验证码已发送，{0}分钟内有效", options.Value.CodeLifetimeMinutes],
    };

    /// <summary>
    /// Checks the newest code of the phone and, when it matches, marks it used and audits the sign-in (one transaction).
    /// Throws InputValidationException on "phone" or "code" otherwise.
    /// </summary>
    public async Task<VerifiedPhone> VerifyAsync(string? rawPhone, string? rawCode, string channel, CancellationToken ct)
    {
        var phone = NormalizePhone(rawPhone);
        var code = (rawCode ?? "").Trim();
        if (code.Length == 0) throw new InputValidationException("code", l["请填写验证码"]);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) throw new InputValidationException("code", l["验证码应为6位数字"]);

        var o = options.Value;
        var phoneHash = cipher.LookupHash(PersonalDataPurposes.Phone, phone);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<CodeRow>(new CommandDefinition("""
            select id, code_hash as CodeHash, attempts, used_at is not null as Used, expires_at <= now() as Expired
            from identity.one_time_codes
            where phone_hash = @phoneHash and purpose = @purpose
            order by created_at desc, id desc
            limit 1
            for update
            """, new { phoneHash, purpose = SignInPurpose }, tx, cancellationToken: ct));

        if (row is null) throw new InputValidationException("code", l["请先获取验证码"]);
        if (row.Used) throw new InputValidationException("code", l["验证码已使用，请重新获取"]);
        if (row.Expired) throw new InputValidationException("code", l["验证码已过期，请重新获取"]);
        if (row.Attempts >= o.CodeMaxAttempts) throw new InputValidationException("code", l["验证码错误次数过多，请重新获取"]);

        if (!CryptographicOperations.FixedTimeEquals(row.CodeHash, CodeHash(phoneHash, SignInPurpose, code)))
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "update identity.one_time_codes set attempts = attempts + 1 where id = @id", new { id = row.Id }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            throw new InputValidationException("code", l["验证码错误"]);
        }

        await conn.ExecuteAsync(new CommandDefinition(
            "update identity.one_time_codes set used_at = now() where id = @id", new { id = row.Id }, tx, cancellationToken: ct));
        var verified = new VerifiedPhone(phoneHash, Mask.Phone(phone), await members.FindByPhoneHashAsync(phoneHash, ct));
        var member = verified.ActiveMember;
        await audit.WriteAsync(new AuditEntry(AuditActions.MemberSignIn, "member",
            member?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), member?.UnionId,
            new { phone = verified.PhoneMasked, channel, isMember = member is not null }), tx, ct);
        await tx.CommitAsync(ct);
        return verified;
    }

    private static byte[] CodeHash(byte[] phoneHash, string purpose, string code) =>
        HMACSHA256.HashData(phoneHash, Encoding.UTF8.GetBytes($"{purpose}:{code}"));

    private static int SecondsToBeijingMidnight(DateTime nowUtc)
    {
        var beijing = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc).AddHours(8);
        return (int)Math.Ceiling((beijing.Date.AddDays(1) - beijing).TotalSeconds);
    }

    private sealed record RecentRow(DateTime? Last, long Today, DateTime Now);

    private sealed record CodeRow(long Id, byte[] CodeHash, int Attempts, bool Used, bool Expired);
}
