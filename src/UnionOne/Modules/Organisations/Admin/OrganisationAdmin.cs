using System.Security.Cryptography;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Organisations.Admin;

internal sealed class OrganisationAdmin(NpgsqlDataSource dataSource, OrganisationDirectory directory, IPersonalDataCipher cipher, Microsoft.Extensions.Localization.IStringLocalizer<OrganisationsText> l) : IOrganisationAdmin
{
    // Join codes are typed by people from posters: no 0/O, 1/I/L.
    private const string JoinCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public async Task<long> CreateAsync(NewUnion union, long? actorStaffId, CancellationToken ct = default)
    {
        var parent = union.ParentId is { } p ? await directory.FindAsync(p, ct) : null;
        var errors = UnionRules.Validate(union, parent, l);
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        var creditCode = string.IsNullOrWhiteSpace(union.CreditCode) ? null : SocialCreditCode.TryNormalize(union.CreditCode, out _);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into org.unions (name, level, kind, parent_id, path, region_code, credit_code, address, contact_name,
                                        contact_phone_enc, founded_on, join_code, employees_reported, serves_new_employment)
                values (@Name, @Level, @Kind, @ParentId, '0', @RegionCode, @CreditCode, @Address, @ContactName,
                        @ContactPhoneEnc, @FoundedOn, @JoinCode, @EmployeesReported, @ServesNewEmploymentForms)
                returning id
                """, new
            {
                Name = union.Name.Trim(),
                Level = (short)union.Level,
                union.Kind,
                union.ParentId,
                union.RegionCode,
                CreditCode = creditCode,
                Address = union.Address?.Trim(),
                ContactName = union.ContactName?.Trim(),
                ContactPhoneEnc = string.IsNullOrWhiteSpace(union.ContactPhone) ? null : cipher.Encrypt(PersonalDataPurposes.ContactPhone, union.ContactPhone.Trim()),
                FoundedOn = union.FoundedOn?.ToDateTime(TimeOnly.MinValue),
                JoinCode = NewJoinCode(),
                union.EmployeesReported,
                union.ServesNewEmploymentForms,
            }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("""
                update org.unions u set path = coalesce((select p.path from org.unions p where p.id = u.parent_id), ''::ltree) || u.id::text
                where u.id = @id;
                insert into org.union_events (union_id, kind, detail, actor_staff_id) values (@id, 'created', null, @actorStaffId);
                """, new { id, actorStaffId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            directory.Invalidate();
            return id;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "unions_credit_code_active")
        {
            throw new BusinessRuleException(l["该统一社会信用代码的单位已建立工会"]);
        }
    }

    public static string NewJoinCode()
    {
        Span<char> code = stackalloc char[8];
        for (var i = 0; i < code.Length; i++) code[i] = JoinCodeAlphabet[RandomNumberGenerator.GetInt32(JoinCodeAlphabet.Length)];
        return new string(code);
    }
}
