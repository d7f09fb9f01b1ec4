using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Approvals;

/// <summary>A join request as union staff see it (ID and phone masked).</summary>
internal sealed record JoinRequestView(
    long Id,
    long UnionId,
    string UnionName,
    bool ToHoldingPool,
    string Name,
    string IdNumberMasked,
    string PhoneMasked,
    string Gender,
    int Age,
    string JobType,
    string JobTypeLabel,
    string? EmployerName,
    string? RegionCode,
    string Status,
    string StatusLabel,
    string? DecisionReason,
    long? MemberId,
    DateTime SubmittedAt,
    DateTime? DecidedAt);

internal sealed record ApprovedMember(long MemberId, string MemberNo, long UnionId, string UnionName);

/// <summary>Union staff approve or reject join requests addressed to their subtree.</summary>
internal sealed class ApprovalService(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    MemberSecrets secrets,
    IOrganisationDirectory directory,
    DuplicateMembers duplicates,
    IAuditLog audit,
    ICurrentUser user,
    MemberNotifier notifier,
    TimeProvider clock,
    IStringLocalizer<MembersText> l)
{
    public async Task<IReadOnlyList<JoinRequestView>> ListAsync(JoinRequestStatus? status, long? unionId, int limit, CancellationToken ct)
    {
        var scope = await gate.SubtreeAsync(Permission.Read, unionId, ct);
        if (!scope.All && scope.UnionIds.Count == 0) return [];
        var where = new List<string>();
        var args = new DynamicParameters();
        if (!scope.All)
        {
            where.Add("union_id = any(@unions)");
            args.Add("unions", scope.UnionIds.ToArray());
        }
        if (status is { } s)
        {
            where.Add("status = @status");
            args.Add("status", (short)s);
        }
        args.Add("limit", Math.Clamp(limit, 1, 200));
        var sql = $"""
            select id, union_id as UnionId, to_holding_pool as ToHoldingPool, name, id_number_enc as IdNumberEnc, phone_enc as PhoneEnc,
                   job_type as JobType, employer_name as EmployerName, region_code as RegionCode, status, decision_reason as DecisionReason,
                   member_id as MemberId, submitted_at as SubmittedAt, decided_at as DecidedAt
            from members.join_requests
            {(where.Count > 0 ? "where " + string.Join(" and ", where) : "")}
            order by {(status == JoinRequestStatus.Pending ? "submitted_at, id" : "submitted_at desc, id desc")}
            limit @limit
            """;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(sql, args, cancellationToken: ct));
        var today = MemberFields.Today(clock);
        var result = new List<JoinRequestView>();
        foreach (var r in rows)
        {
            var union = await directory.FindAsync(r.UnionId, ct);
            var id = ResidentIdNumber.TryParse(secrets.DecryptIdNumber(r.IdNumberEnc), out _);
            var jobType = (JobType)r.JobType;
            var st = (JoinRequestStatus)r.Status;
            result.Add(new JoinRequestView(r.Id, r.UnionId, union?.Name ?? "", r.ToHoldingPool, r.Name, id?.Masked ?? "", secrets.MaskedPhone(r.PhoneEnc),
                id is null ? "" : l[id.IsMale ? "男" : "女"], id is null ? 0 : Age(id.BirthDate, today),
                JsonNamingPolicy.CamelCase.ConvertName(jobType.ToString()), l[jobType.Label()], r.EmployerName, r.RegionCode?.Trim(),
                st.ToString().ToLowerInvariant(), l[st.Label()], r.DecisionReason, r.MemberId, r.SubmittedAt, r.DecidedAt));
        }
        return result;
    }

    public async Task<ApprovedMember> ApproveAsync(long requestId, CancellationToken ct)
    {
        await RequireOnRequestAsync(requestId, ct);
        string phone;
        ApprovedMember approved;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var r = await LockPendingAsync(conn, tx, requestId, ct);
            var union = await gate.RequireAsync(Permission.ManageMembers, r.UnionId, ct);
            var idNumber = ResidentIdNumber.TryParse(secrets.DecryptIdNumber(r.IdNumberEnc), out _)
                ?? throw new BusinessRuleException(l["申请中的身份证号码无效，请驳回后让申请人重新提交"]);
            phone = secrets.DecryptPhone(r.PhoneEnc);
            var idHash = secrets.IdNumberHash(idNumber.Value);
            var existing = await duplicates.ThrowIfMemberAsync(conn, tx, idHash, idNumber.Masked, ct, forUpdate: true);
            var today = MemberFields.Today(clock).ToDateTime(TimeOnly.MinValue);
            var values = new
            {
                r.Name,
                idEnc = r.IdNumberEnc,
                idHash,
                suffixHash = secrets.IdSuffixHash(idNumber.Suffix),
                gender = idNumber.Gender.ToString(),
                birth = idNumber.BirthDate.ToDateTime(TimeOnly.MinValue),
                phoneEnc = r.PhoneEnc,
                phoneHash = r.PhoneHash,
                r.UnionId,
                r.JobType,
                pool = r.ToHoldingPool,
                today,
                employer = r.EmployerName,
                existingId = existing?.Id,
            };
            (long Id, string MemberNo) member;
            try
            {
                member = existing is null
                    ? await conn.QuerySingleAsync<(long, string)>(new CommandDefinition("""
                        insert into members.members (name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date, phone_enc, phone_hash,
                                                     union_id, job_type, in_holding_pool, joined_on, employer_name)
                        values (@Name, @idEnc, @idHash, @suffixHash, @gender, @birth, @phoneEnc, @phoneHash, @UnionId, @JobType, @pool, @today, @employer)
                        returning id, member_no
                        """, values, tx, cancellationToken: ct))
                    // A former member joins again: the one record is reused, with its history.
                    : await conn.QuerySingleAsync<(long, string)>(new CommandDefinition("""
                        update members.members
                        set name = @Name, phone_enc = @phoneEnc, phone_hash = @phoneHash, union_id = @UnionId, job_type = @JobType,
                            in_holding_pool = @pool, joined_on = @today, employer_name = @employer, status = 1, updated_at = now(), version = version + 1
                        where id = @existingId
                        returning id, member_no
                        """, values, tx, cancellationToken: ct));
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "members_id_number")
            {
                await tx.RollbackAsync(ct);
                throw new BusinessRuleException(await duplicates.MessageAfterRaceAsync(dataSource, idHash, idNumber.Masked, ct), "duplicate-id-number");
            }

            await conn.ExecuteAsync(new CommandDefinition("""
                update members.join_requests set status = 2, member_id = @memberId, decided_at = now(), decided_by = @staff where id = @requestId;
                insert into members.membership_events (member_id, kind, from_union_id, to_union_id, detail, actor_staff_id)
                values (@memberId, @kind, null, @unionId, @detail::jsonb, @staff);
                """, new
            {
                memberId = member.Id,
                staff = user.StaffId,
                requestId,
                kind = existing is null ? MemberEvents.Joined : MemberEvents.Rejoined,
                unionId = r.UnionId,
                detail = JsonSerializer.Serialize(new { requestId, holdingPool = r.ToHoldingPool }),
            }, tx, cancellationToken: ct));
            await audit.WriteAsync(new AuditEntry(AuditActions.JoinApproved, "member", member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.UnionId,
                new { requestId, memberNo = member.MemberNo, holdingPool = r.ToHoldingPool }), tx, ct);
            await tx.CommitAsync(ct);
            approved = new ApprovedMember(member.Id, member.MemberNo, r.UnionId, union.Name);
        }

        await notifier.SendAsync(phone, $"【工会一码通】您已成功加入{approved.UnionName}，会员号{approved.MemberNo}。", "join-approved", ct);
        return approved;
    }

    public async Task RejectAsync(long requestId, string? reasonInput, CancellationToken ct)
    {
        await RequireOnRequestAsync(requestId, ct);
        var reason = MemberFields.Reason(reasonInput, required: true, out var error);
        if (reason is null)
        {
            var errors = new FieldErrors(l);
            errors.Add("reason", error);
            errors.ThrowIfAny();
        }
        string phone;
        string unionName;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var r = await LockPendingAsync(conn, tx, requestId, ct);
            var union = await gate.RequireAsync(Permission.ManageMembers, r.UnionId, ct);
            await conn.ExecuteAsync(new CommandDefinition(
                "update members.join_requests set status = 3, decision_reason = @reason, decided_at = now(), decided_by = @staff where id = @requestId",
                new { reason, staff = user.StaffId, requestId }, tx, cancellationToken: ct));
            await audit.WriteAsync(new AuditEntry(AuditActions.JoinRejected, "join-request", requestId.ToString(System.Globalization.CultureInfo.InvariantCulture), r.UnionId,
                new { reason }), tx, ct);
            await tx.CommitAsync(ct);
            phone = secrets.DecryptPhone(r.PhoneEnc);
            unionName = union.Name;
        }
        await notifier.SendAsync(phone, $"【工会一码通】您申请加入{unionName}未获通过，原因：{reason}。", "join-rejected", ct);
    }

    /// <summary>404 when the request does not exist or lies outside the caller's subtree; 403 when the role may not decide.</summary>
    private async Task RequireOnRequestAsync(long requestId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var unionId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select union_id from members.join_requests where id = @requestId", new { requestId }, cancellationToken: ct));
        if (unionId is null) throw new NotFoundException(l["未找到"]);
        await gate.RequireAsync(Permission.ManageMembers, unionId.Value, ct);
    }

    private async Task<LockedRequest> LockPendingAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long requestId, CancellationToken ct)
    {
        var r = await conn.QuerySingleOrDefaultAsync<LockedRequest>(new CommandDefinition("""
            select union_id as UnionId, to_holding_pool as ToHoldingPool, name, id_number_enc as IdNumberEnc, phone_enc as PhoneEnc,
                   phone_hash as PhoneHash, job_type as JobType, employer_name as EmployerName, status
            from members.join_requests where id = @requestId for update
            """, new { requestId }, tx, cancellationToken: ct)) ?? throw new NotFoundException(l["未找到"]);
        if (r.Status != (short)JoinRequestStatus.Pending) throw new BusinessRuleException(l["该申请已处理，不能重复审批"]);
        return r;
    }

    private static int Age(DateOnly birth, DateOnly today)
    {
        var age = today.Year - birth.Year;
        if (today < birth.AddYears(age)) age--;
        return age;
    }

    private sealed record LockedRequest(long UnionId, bool ToHoldingPool, string Name, byte[] IdNumberEnc, byte[] PhoneEnc, byte[] PhoneHash,
        short JobType, string? EmployerName, short Status);

    private sealed record Row(long Id, long UnionId, bool ToHoldingPool, string Name, byte[] IdNumberEnc, byte[] PhoneEnc, short JobType,
        string? EmployerName, string? RegionCode, short Status, string? DecisionReason, long? MemberId, DateTime SubmittedAt, DateTime? DecidedAt);
}
