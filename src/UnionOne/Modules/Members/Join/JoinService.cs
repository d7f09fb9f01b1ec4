using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Members.Join;

/// <summary>What a worker fills in to join (扫码入会). Job type: zh-CN label, English name or number.</summary>
internal sealed record JoinInput(
    string? Name,
    string? IdNumber,
    string? Phone,
    string? JobType,
    string? EmployerName,
    string? JoinCode = null,
    string? RegionCode = null);

internal sealed record JoinRequestCreated(long Id, long UnionId, string UnionName, bool ToHoldingPool, string Status);

/// <summary>A join request as the worker who filed it sees it.</summary>
internal sealed record MyJoinRequest(
    long Id,
    long UnionId,
    string UnionName,
    bool ToHoldingPool,
    string Name,
    string IdNumberMasked,
    string JobTypeLabel,
    string Status,
    string StatusLabel,
    string? RejectionReason,
    string? MemberNo,
    DateTime SubmittedAt,
    DateTime? DecidedAt);

/// <summary>Files join requests for the signed-in phone, to a union by join code or to a federation's holding pool by region.</summary>
internal sealed class JoinService(
    NpgsqlDataSource dataSource,
    MemberSecrets secrets,
    IOrganisationDirectory directory,
    DuplicateMembers duplicates,
    IStringLocalizer<MembersText> l)
{
    public async Task<JoinRequestCreated> SubmitAsync(JoinInput input, byte[]? signedInPhoneHash, CancellationToken ct)
    {
        var errors = new FieldErrors(l);
        var name = MemberFields.Name(input.Name, out var error);
        if (name is null) errors.Add("name", error);
        var id = MemberFields.IdNumber(input.IdNumber, out error);
        if (id is null) errors.Add("idNumber", error);
        var phone = MemberFields.Phone(input.Phone, out error);
        if (phone is null) errors.Add("phone", error);
        else if (signedInPhoneHash is null || !CryptographicOperations.FixedTimeEquals(secrets.PhoneHash(phone), signedInPhoneHash))
            errors.Add("phone", "手机号与登录手机号不一致");
        var jobType = MemberFields.JobType(input.JobType, out error);
        if (jobType is null) errors.Add("jobType", error);

        UnionSummary? target = null;
        string? regionCode = null;
        var joinCode = (input.JoinCode ?? "").Trim();
        if (joinCode.Length > 0)
        {
            target = await directory.FindByJoinCodeAsync(joinCode, ct);
            if (target is not { IsActive: true }) errors.Add("joinCode", "入会码无效，请重新扫描工会的入会二维码");
        }
        else
        {
            regionCode = MemberFields.RegionCode(input.RegionCode, out error);
            if (regionCode is null) errors.Add("regionCode", error);
        }
        // Without a union of their own, the federation needs to know where the worker works.
        var employer = MemberFields.EmployerName(input.EmployerName, required: joinCode.Length == 0, out error);
        if (error.Length > 0) errors.Add("employerName", error);
        errors.ThrowIfAny();

        var toHoldingPool = target is null;
        if (target is null)
        {
            target = await directory.FindHoldingPoolAsync(regionCode!, jobType!.Value.IsNewEmploymentForm(), ct)
                ?? throw new BusinessRuleException(l["该地区暂无受理入会申请的工会联合会，请联系当地总工会"]);
        }

        var idHash = secrets.IdNumberHash(id!.Value);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await duplicates.ThrowIfMemberAsync(conn, null, idHash, id.Masked, ct);
        var pending = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from members.join_requests where id_number_hash = @idHash and status = 1)", new { idHash }, cancellationToken: ct));
        if (pending) throw new BusinessRuleException(l["已有待审核的入会申请"]);

        try
        {
            var requestId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into members.join_requests (union_id, to_holding_pool, name, id_number_enc, id_number_hash, phone_enc, phone_hash,
                                                   job_type, employer_name, region_code)
                values (@unionId, @toHoldingPool, @name, @idEnc, @idHash, @phoneEnc, @phoneHash, @jobType, @employer, @regionCode)
                returning id
                """, new
            {
                unionId = target.Id,
                toHoldingPool,
                name,
                idEnc = secrets.EncryptIdNumber(id.Value),
                idHash,
                phoneEnc = secrets.EncryptPhone(phone!),
                phoneHash = secrets.PhoneHash(phone!),
                jobType = (short)jobType!.Value,
                employer,
                regionCode,
            }, cancellationToken: ct));
            return new JoinRequestCreated(requestId, target.Id, target.Name, toHoldingPool, "pending");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "join_requests_one_pending")
        {
            throw new BusinessRuleException(l["已有待审核的入会申请"]);
        }
    }

    /// <summary>The requests filed with this phone, newest first.</summary>
    public async Task<IReadOnlyList<MyJoinRequest>> MineAsync(byte[] phoneHash, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<MyRow>(new CommandDefinition("""
            select r.id, r.union_id as UnionId, r.to_holding_pool as ToHoldingPool, r.name, r.id_number_enc as IdNumberEnc, r.job_type as JobType,
                   r.status, r.decision_reason as DecisionReason, m.member_no as MemberNo, r.submitted_at as SubmittedAt, r.decided_at as DecidedAt
            from members.join_requests r
            left join members.members m on m.id = r.member_id
            where r.phone_hash = @phoneHash
            order by r.submitted_at desc
            limit 50
            """, new { phoneHash }, cancellationToken: ct));
        var result = new List<MyJoinRequest>();
        foreach (var r in rows)
        {
            var union = await directory.FindAsync(r.UnionId, ct);
            var status = (JoinRequestStatus)r.Status;
            result.Add(new MyJoinRequest(r.Id, r.UnionId, union?.Name ?? "", r.ToHoldingPool, r.Name, Mask.IdNumber(secrets.DecryptIdNumber(r.IdNumberEnc)),
                l[((JobType)r.JobType).Label()], status.ToString().ToLowerInvariant(), l[status.Label()],
                status == JoinRequestStatus.Rejected ? r.DecisionReason : null, r.MemberNo, r.SubmittedAt, r.DecidedAt));
        }
        return result;
    }

    private sealed record MyRow(long Id, long UnionId, bool ToHoldingPool, string Name, byte[] IdNumberEnc, short JobType, short Status,
        string? DecisionReason, string? MemberNo, DateTime SubmittedAt, DateTime? DecidedAt);
}
