using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Activities.Domain;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Messaging.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Activities.SignUp;

/// <summary>
/// Members sign up, cancel and list their sign-ups. Every change of an activity's seats (sign-up, cancel, promotion,
/// cancellation of the activity) runs in a transaction that first locks the activity row, so they happen one after another
/// per activity: the seats counter never passes the capacity (a CHECK backs it), the waitlist is promoted strictly in order
/// of sign-up in the same transaction as the cancel that freed the seat, and a member holds one active sign-up per activity
/// (a partial unique index backs it). Fees are paid from the member's benefit wallet in the same transaction and refunded
/// on cancel.
/// </summary>
internal sealed partial class ActivitySignups(
    NpgsqlDataSource dataSource,
    IMemberDirectory members,
    IOrganisationDirectory unions,
    ILedger ledger,
    ISmsSender sms,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<ActivitiesText> l,
    ILogger<ActivitySignups> logger)
{
    public const int PageSize = 20;

    private long RequireMemberId() => user.MemberId ?? throw new BusinessRuleException(l["只有在会会员可以报名活动，请先申请入会"], "not-a-member");

    private async Task<MemberProfile> RequireProfileAsync(CancellationToken ct)
    {
        var profile = await members.ProfileAsync(RequireMemberId(), ct);
        if (profile is not { Status: MemberStatus.Active }) throw new BusinessRuleException(l["只有在会会员可以报名活动，请先申请入会"], "not-a-member");
        return profile;
    }

    /// <summary>
    /// The "events for me" page: published activities whose sign-up has not closed and that the member is eligible for (lineage,
    /// tags, job type), soonest first, with the member's own sign-up; one statement. "No restriction" is written as an equality with
    /// '{}' (which the planner estimates from the column's statistics) rather than cardinality() = 0 (guessed at 0.5%): with the
    /// honest estimate PostgreSQL walks activities_open in start order and stops after the page, instead of reading and sorting every
    /// open activity (3 ms → 0.1 ms with 1,000 open), and the member's sign-up and the waitlist count are looked up for that page only.
    /// </summary>
    public async Task<EventsForMe> ForMeAsync(int page, CancellationToken ct)
    {
        var profile = await RequireProfileAsync(ct);
        var lineage = (await unions.LineageAsync(profile.UnionId, ct)).Select(u => u.Id).ToArray();
        page = Math.Max(1, page);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<ForMeRow>(new CommandDefinition("""
            select a.id, a.union_id as UnionId, a.kind, a.title, a.starts_at as StartsAt, a.ends_at as EndsAt, a.place_text as PlaceText,
                   a.capacity, a.seats_taken as SeatsTaken, a.signup_opens_at as SignupOpensAt, a.signup_closes_at as SignupClosesAt,
                   a.fee_fen as FeeFen,
                   (select count(*) from activities.signups w where w.activity_id = a.id and w.status = 2)::int as Waitlisted,
                   (select s.status from activities.signups s where s.activity_id = a.id and s.member_id = @memberId and s.status <> 3) as MyStatus
            from activities.activities a
            where a.status = 2 and a.signup_closes_at > @now and a.audience && @lineage
              and (a.target_tags = '{}' or a.target_tags && @tags)
              and (a.target_job_types = '{}' or @jobType = any(a.target_job_types))
            order by a.starts_at, a.id
            limit @take offset @offset
            """, new
        {
            memberId = profile.Id, now, lineage, tags = profile.Tags.ToArray(), jobType = (short)profile.JobType,
            take = PageSize + 1, offset = (page - 1) * PageSize,
        }, cancellationToken: ct))).ToList();
        var items = new List<ForMeItem>(Math.Min(rows.Count, PageSize));
        foreach (var r in rows.Take(PageSize))
        {
            var open = r.SignupOpensAt <= now;
            var state = !open ? l["{0} 开始报名", LocalTime.Text(r.SignupOpensAt)].Value
                : r.Capacity - r.SeatsTaken <= 0 || r.Waitlisted > 0 ? l["名额已满，可候补"].Value
                : l["报名中"].Value;
            var my = r.MyStatus is { } st ? (SignupStatus)st : (SignupStatus?)null;
            items.Add(new ForMeItem(r.Id, r.Title, r.Kind, l[((ActivityKind)r.Kind).Label()], (await unions.FindAsync(r.UnionId, ct))?.Name ?? "",
                r.StartsAt, ActivityView.TimeRange(r.StartsAt, r.EndsAt), r.PlaceText, r.Capacity, Math.Max(0, r.Capacity - r.SeatsTaken), r.Waitlisted,
                r.FeeFen == 0 ? l["免费"].Value : UnionOne.Platform.Money.Fen.Format(r.FeeFen), open, state, my?.Code(), my is null ? null : l[my.Value.Label()].Value));
        }
        return new EventsForMe(items, page, rows.Count > PageSize);
    }

    /// <summary>One activity for the member: whether they may sign up (else why not), their sign-up, their pre-filled data.</summary>
    public async Task<MemberActivity> ForMemberAsync(long activityId, CancellationToken ct)
    {
        var profile = await RequireProfileAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        ActivityRow? row;
        SignupRow? mine;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            row = await conn.QuerySingleOrDefaultAsync<ActivityRow>(new CommandDefinition(
                $"select {ActivityRow.Columns} from activities.activities a where a.id = @activityId and a.status <> 1", new { activityId }, cancellationToken: ct));
            mine = await conn.QuerySingleOrDefaultAsync<SignupRow>(new CommandDefinition($"""
                select {SignupRow.Columns} from activities.signups s where s.activity_id = @activityId and s.member_id = @memberId
                order by (s.status <> 3) desc, s.id desc limit 1
                """, new { activityId, memberId = profile.Id }, cancellationToken: ct));
        }
        var why = row is null ? l["未找到该活动"].Value : await IneligibleAsync(row, profile, ct);
        if (row is null || (why is not null && mine is null)) throw new NotFoundException(l["未找到该活动"]);
        var unionName = (await unions.FindAsync(row.UnionId, ct))?.Name ?? "";
        string? whyNot = why;
        if (whyNot is null && mine is not null && mine.StatusValue != SignupStatus.Cancelled) whyNot = l["您已报名该活动"];
        whyNot ??= WindowProblem(row, now);
        var memberUnion = (await unions.FindAsync(profile.UnionId, ct))?.Name ?? "";
        var mineView = mine is null ? null : await ViewAsync(mine, row, now, ct);
        return new MemberActivity(ActivityView.From(row, unionName, l), whyNot is null, whyNot, row.SeatsLeft <= 0 || row.Waitlisted > 0, mineView,
            new Prefill(profile.Name, profile.MemberNo, profile.MaskedPhone, memberUnion));
    }

    private string? WindowProblem(ActivityRow row, DateTime now)
    {
        if (row.StatusValue == ActivityStatus.Cancelled) return l["该活动已取消"];
        if (now < row.SignupOpensAt) return l["报名尚未开始（{0} 开始）", LocalTime.Text(row.SignupOpensAt)];
        if (now >= row.SignupClosesAt) return l["报名已截止（截止时间 {0}）", LocalTime.Text(row.SignupClosesAt)];
        return null;
    }

    /// <summary>Why the member may not sign up for the activity by its eligibility rules, or null when they may.</summary>
    private async Task<string?> IneligibleAsync(ActivityRow a, MemberProfile p, CancellationToken ct)
    {
        if (!await InAudienceUnionsAsync(a, p, ct)) return l["您不在该活动的报名范围内（仅限指定工会的会员报名）"];
        if (a.TargetTags.Length > 0 && !p.Tags.Any(t => a.TargetTags.Contains(t)))
            return l["您不在该活动的报名范围内（仅限{0}报名）", string.Join("、", a.TargetTags)];
        if (a.TargetJobTypes.Length > 0 && !a.TargetJobTypes.Contains((short)p.JobType))
            return l["您不在该活动的报名范围内（仅限{0}报名）", string.Join("、", a.TargetJobTypes.Select(j => l[((JobType)j).Label()].Value))];
        return null;
    }

    /// <summary>Whether the member's union is one the activity is for, or below one.</summary>
    private async Task<bool> InAudienceUnionsAsync(ActivityRow a, MemberProfile p, CancellationToken ct)
    {
        var audience = a.TargetUnionIds.Length > 0 ? a.TargetUnionIds : [a.UnionId];
        return (await unions.LineageAsync(p.UnionId, ct)).Any(u => audience.Contains(u.Id));
    }

    public async Task<SignupView> SignUpAsync(long activityId, SignUpInput input, CancellationToken ct)
    {
        var profile = await RequireProfileAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        ActivityRow? row;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            row = await conn.QuerySingleOrDefaultAsync<ActivityRow>(new CommandDefinition(
                $"select {ActivityRow.Columns} from activities.activities a where a.id = @activityId", new { activityId }, cancellationToken: ct));
        if (row is null || row.StatusValue == ActivityStatus.Draft) throw new NotFoundException(l["未找到该活动"]);
        // A member of another union does not see the activity (as GET /for-me/{id}): 404, the same as for no activity.
        if (!await InAudienceUnionsAsync(row, profile, ct)) throw new NotFoundException(l["未找到该活动"]);
        var why = await IneligibleAsync(row, profile, ct);
        if (why is not null) throw new BusinessRuleException(why, "not-eligible");
        if (WindowProblem(row, now) is { } window) throw new BusinessRuleException(window, "window");
        var form = CheckInput(row, input, now);
        var signupId = row.FeeFen > 0 ? await ClaimPaidAsync(row, profile, form, now, ct) : await ClaimFreeAsync(row, profile, form, now, ct);
        return await MineOneAsync(signupId, profile.Id, ct);
    }

    /// <summary>
    /// The claim, rechecked under the activity row's lock: the activity is still published and in its window, the member holds no
    /// active sign-up, and the sign-up is confirmed only when nobody waits and the seats fit (else it joins the waitlist).
    /// </summary>
    private const string ClaimSql = """
        with a as (
            select x.id, x.capacity, x.seats_taken,
                   exists (select 1 from activities.signups w where w.activity_id = x.id and w.status = 2) as waiting
            from activities.activities x
            where x.id = $1 and x.status = 2 and x.signup_opens_at <= $5 and x.signup_closes_at > $5),
        existing as (select status from activities.signups where activity_id = $1 and member_id = $2 and status <> 3 limit 1),
        ins as (
            insert into activities.signups (activity_id, member_id, union_id, status, seats, family_count, child_name, child_age, partner_name,
                                            answers, fee_fen, created_at)
            select a.id, $2, $3, case when not a.waiting and a.seats_taken + $4 <= a.capacity then 1 else 2 end, $4, $6, $7, $8, $9, $10, $11, $5
            from a where not exists (select 1 from existing)
            returning id, status),
        upd as (
            update activities.activities x set seats_taken = x.seats_taken + $4 from ins where x.id = $1 and ins.status = 1 returning x.id)
        select (select id from ins), (select status from existing), exists (select 1 from a), (select count(*) from upd)
        """;

    private static void AddClaimParameters(NpgsqlBatchCommand claim, ActivityRow row, MemberProfile profile, CheckedForm form, DateTime now)
    {
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Id });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = profile.Id });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = profile.UnionId });
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = form.Seats });
        claim.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        claim.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)form.Family });
        claim.Parameters.Add(new NpgsqlParameter { Value = (object?)form.ChildName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        claim.Parameters.Add(new NpgsqlParameter { Value = (object?)form.ChildAge ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint });
        claim.Parameters.Add(new NpgsqlParameter { Value = (object?)form.PartnerName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        claim.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = form.Answers });
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.FeeFen });
    }

    /// <summary>A free activity: the lock and the claim go in one round trip (one implicit transaction), so the lock is held for microseconds.</summary>
    private async Task<long> ClaimFreeAsync(ActivityRow row, MemberProfile profile, CheckedForm form, DateTime now, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        var lockRow = new NpgsqlBatchCommand("select id from activities.activities where id = $1 for update");
        lockRow.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Id });
        batch.BatchCommands.Add(lockRow);
        var claim = new NpgsqlBatchCommand(ClaimSql);
        AddClaimParameters(claim, row, profile, form, now);
        batch.BatchCommands.Add(claim);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            while (reader.FieldCount != 4 && await reader.NextResultAsync(ct))
            {
                // skip the lock's result set
            }
            if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The claim returned no row.");
            return await ClaimOutcomeAsync(row, reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt16(1), reader.GetBoolean(2), now, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["您已报名该活动，请勿重复报名"], "already-signed-up");
        }
    }

    /// <summary>A paid activity: the same claim inside a transaction that also pays the fee from the member's benefit wallet.</summary>
    private async Task<long> ClaimPaidAsync(ActivityRow row, MemberProfile profile, CheckedForm form, DateTime now, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(conn, tx);
        var lockRow = new NpgsqlBatchCommand("select id from activities.activities where id = $1 for update");
        lockRow.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Id });
        batch.BatchCommands.Add(lockRow);
        var claim = new NpgsqlBatchCommand(ClaimSql);
        AddClaimParameters(claim, row, profile, form, now);
        batch.BatchCommands.Add(claim);
        long? id;
        short? existing;
        bool open;
        try
        {
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                while (reader.FieldCount != 4 && await reader.NextResultAsync(ct))
                {
                    // skip the lock's result set
                }
                if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The claim returned no row.");
                (id, existing, open) = (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt16(1), reader.GetBoolean(2));
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BusinessRuleException(l["您已报名该活动，请勿重复报名"], "already-signed-up");
        }
        var signupId = await ClaimOutcomeAsync(row, id, existing, open, now, ct);
        var paid = await ledger.TransferAsync(new LedgerTransfer($"activity-signup:{signupId}:pay", TransferKind.Payment, AccountRef.Member(profile.Id),
            AccountRef.Fund(row.UnionId), row.FeeFen, $"activity:{row.Id}", l["活动报名费：{0}", row.Title]), tx, ct);
        await conn.ExecuteAsync(new CommandDefinition("update activities.signups set paid_transfer_id = @id where id = @signupId",
            new { id = paid.TransferId, signupId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return signupId;
    }

    private async Task<long> ClaimOutcomeAsync(ActivityRow row, long? signupId, short? existing, bool open, DateTime now, CancellationToken ct)
    {
        if (signupId is { } id) return id;
        if (existing is { } st)
            throw new BusinessRuleException((SignupStatus)st == SignupStatus.Waitlisted ? l["您已在该活动的候补名单中，请勿重复报名"] : l["您已报名该活动，请勿重复报名"], "already-signed-up");
        // The activity changed under us (cancelled, or the window closed just now).
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var fresh = await conn.QuerySingleAsync<ActivityRow>(new CommandDefinition(
            $"select {ActivityRow.Columns} from activities.activities a where a.id = @id", new { id = row.Id }, cancellationToken: ct));
        _ = open;
        throw new BusinessRuleException(WindowProblem(fresh, now) ?? l["该活动已取消"], "window");
    }

    private sealed record CheckedForm(int Seats, int Family, string? ChildName, short? ChildAge, string? PartnerName, string[] Answers);

    private CheckedForm CheckInput(ActivityRow row, SignUpInput input, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        var family = input.FamilyCount ?? 0;
        if (family < 0 || family > row.MaxFamily)
            errors["familyCount"] = [row.MaxFamily == 0 ? l["该活动不能携带家属"] : l["随行家属最多{0}人", row.MaxFamily]];
        string? childName = null;
        short? childAge = null;
        if (row.IsChildcare)
        {
            childName = (input.ChildName ?? "").Trim();
            if (childName.Length is < 1 or > 20) errors["childName"] = [l["请填写孩子的姓名（不超过20字）"]];
            if (input.ChildAge is not { } age) errors["childAge"] = [l["请填写孩子的年龄"]];
            else if (age < row.ChildMinAge || age > row.ChildMaxAge) errors["childAge"] = [l["孩子年龄须在{0}至{1}岁之间", row.ChildMinAge!, row.ChildMaxAge!]];
            else childAge = (short)age;
        }
        string? partner = null;
        if (row.IsWedding)
        {
            partner = (input.PartnerName ?? "").Trim();
            if (partner.Length is < 1 or > 20) errors["partnerName"] = [l["请填写配偶的姓名（不超过20字）"]];
        }
        var given = input.Answers ?? [];
        var answers = new string[row.Questions.Length];
        for (var i = 0; i < row.Questions.Length; i++)
        {
            var a = i < given.Count ? (given[i] ?? "").Trim() : "";
            if (a.Length == 0) errors[$"answers[{i}]"] = [l["请回答：{0}", row.Questions[i]]];
            else if (a.Length > 500) errors[$"answers[{i}]"] = [l["回答不能超过500字"]];
            answers[i] = a;
        }
        if (given.Count > row.Questions.Length) errors["answers"] = [l["回答的数量与问题不符"]];
        var seats = row.FamilyCounts ? 1 + Math.Max(0, family) : 1;
        if (errors.Count == 0 && seats > row.Capacity) errors["familyCount"] = [l["报名人数超过了活动名额"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        return new CheckedForm(seats, family, childName, childAge, partner, answers);
    }

    /// <summary>The member cancels their own sign-up before the deadline (the sign-up close); the freed seats go to the waitlist in order.</summary>
    public async Task<SignupView> CancelMineAsync(long signupId, CancellationToken ct)
    {
        var memberId = RequireMemberId();
        var now = clock.GetUtcNow().UtcDateTime;
        List<long> promoted;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var activityId = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select activity_id from activities.signups where id = @signupId and member_id = @memberId", new { signupId, memberId }, tx, cancellationToken: ct))
                ?? throw new NotFoundException(l["未找到该报名"]);
            var row = await LockAsync(conn, tx, activityId, ct) ?? throw new NotFoundException(l["未找到该报名"]);
            var signup = await conn.QuerySingleAsync<SignupRow>(new CommandDefinition(
                $"select {SignupRow.Columns} from activities.signups s where s.id = @signupId", new { signupId }, tx, cancellationToken: ct));
            switch (signup.StatusValue)
            {
                case SignupStatus.Cancelled: throw new BusinessRuleException(l["该报名已取消"], "already-cancelled");
                case SignupStatus.Attended: throw new BusinessRuleException(l["您已签到，不能取消报名"], "attended");
            }
            if (row.StatusValue == ActivityStatus.Cancelled) throw new BusinessRuleException(l["该活动已取消"], "activity-cancelled");
            if (now >= row.SignupClosesAt)
                throw new BusinessRuleException(l["已过取消截止时间（{0}），不能取消报名", LocalTime.Text(row.SignupClosesAt)], "cancel-deadline");
            await CancelSignupAsync(conn, tx, row, signup, now, ct);
            promoted = await PromoteAsync(conn, tx, row.Id, now, ct);
            await tx.CommitAsync(ct);
        }
        await TellPromotedAsync(promoted, ct);
        return await MineOneAsync(signupId, memberId, ct);
    }

    /// <summary>Marks one sign-up cancelled, gives back its seats and refunds its fee (inside the caller's transaction).</summary>
    private async Task CancelSignupAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ActivityRow row, SignupRow signup, DateTime now, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("update activities.signups set status = 3, cancelled_at = @now where id = @id",
            new { id = signup.Id, now }, tx, cancellationToken: ct));
        if (signup.StatusValue == SignupStatus.Confirmed)
            await conn.ExecuteAsync(new CommandDefinition("update activities.activities set seats_taken = seats_taken - @seats where id = @activityId",
                new { activityId = row.Id, seats = (int)signup.Seats }, tx, cancellationToken: ct));
        if (signup.PaidTransferId is { } paid)
        {
            var refund = await ledger.ReverseAsync(paid, $"activity-signup:{signup.Id}:refund", l["取消活动报名，退还报名费"], user.StaffId, tx, ct);
            await conn.ExecuteAsync(new CommandDefinition("update activities.signups set refund_transfer_id = @id where id = @signupId",
                new { id = refund.TransferId, signupId = signup.Id }, tx, cancellationToken: ct));
        }
    }

    /// <summary>Confirms waitlisted sign-ups strictly in order of sign-up while their seats fit; stops at the first that does not.</summary>
    private static async Task<List<long>> PromoteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long activityId, DateTime now, CancellationToken ct)
    {
        var promoted = new List<long>();
        while (true)
        {
            var next = await conn.QuerySingleOrDefaultAsync<(long Id, short Seats, int Free)?>(new CommandDefinition("""
                select s.id, s.seats, a.capacity - a.seats_taken
                from activities.signups s join activities.activities a on a.id = s.activity_id
                where s.activity_id = @activityId and s.status = 2
                order by s.id limit 1
                """, new { activityId }, tx, cancellationToken: ct));
            if (next is not { } n || n.Seats > n.Free) return promoted;
            await conn.ExecuteAsync(new CommandDefinition("""
                update activities.signups set status = 1, promoted_at = @now where id = @id;
                update activities.activities set seats_taken = seats_taken + @seats where id = @activityId;
                """, new { id = n.Id, now, seats = (int)n.Seats, activityId }, tx, cancellationToken: ct));
            promoted.Add(n.Id);
        }
    }

    /// <summary>Staff cancel the whole activity: every active sign-up is cancelled and refunded; members are told by SMS.</summary>
    public async Task CancelActivityAsync(ActivityRow activity, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<long> told;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var row = await LockAsync(conn, tx, activity.Id, ct) ?? throw new NotFoundException(l["未找到该活动"]);
            if (row.StatusValue == ActivityStatus.Cancelled) throw new BusinessRuleException(l["该活动已取消"], "already-cancelled");
            var active = (await conn.QueryAsync<SignupRow>(new CommandDefinition(
                $"select {SignupRow.Columns} from activities.signups s where s.activity_id = @id and s.status in (1, 2) order by s.id",
                new { id = row.Id }, tx, cancellationToken: ct))).ToList();
            foreach (var s in active) await CancelSignupAsync(conn, tx, row, s, now, ct);
            await conn.ExecuteAsync(new CommandDefinition("update activities.activities set status = 3, cancelled_at = @now where id = @id",
                new { id = row.Id, now }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            told = active.Select(s => s.MemberId).ToList();
        }
        foreach (var memberId in told)
            await NotifyAsync(memberId, l["【工会活动】很抱歉，您报名的活动“{0}”已取消，报名费（如有）已退回您的个人专户。", activity.Title], ct);
    }

    public async Task<IReadOnlyList<SignupView>> MineAsync(CancellationToken ct)
    {
        var memberId = RequireMemberId();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<SignupRow>(new CommandDefinition(
            $"select {SignupRow.Columns} from activities.signups s where s.member_id = @memberId order by s.id desc limit 100",
            new { memberId }, cancellationToken: ct))).ToList();
        var ids = rows.Select(r => r.ActivityId).Distinct().ToArray();
        var activities = (await conn.QueryAsync<ActivityRow>(new CommandDefinition(
            $"select {ActivityRow.Columns} from activities.activities a where a.id = any(@ids)", new { ids }, cancellationToken: ct))).ToDictionary(a => a.Id);
        var list = new List<SignupView>(rows.Count);
        foreach (var r in rows) list.Add(await ViewAsync(r, activities[r.ActivityId], now, ct, conn));
        return list;
    }

    private async Task<SignupView> MineOneAsync(long signupId, long memberId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var signup = await conn.QuerySingleOrDefaultAsync<SignupRow>(new CommandDefinition(
            $"select {SignupRow.Columns} from activities.signups s where s.id = @signupId and s.member_id = @memberId", new { signupId, memberId }, cancellationToken: ct))
            ?? throw new NotFoundException(l["未找到该报名"]);
        var row = await conn.QuerySingleAsync<ActivityRow>(new CommandDefinition(
            $"select {ActivityRow.Columns} from activities.activities a where a.id = @id", new { id = signup.ActivityId }, cancellationToken: ct));
        return await ViewAsync(signup, row, clock.GetUtcNow().UtcDateTime, ct, conn);
    }

    private async Task<SignupView> ViewAsync(SignupRow s, ActivityRow a, DateTime now, CancellationToken ct, NpgsqlConnection? conn = null)
    {
        int? position = null;
        if (s.StatusValue == SignupStatus.Waitlisted)
        {
            var own = conn is null ? await dataSource.OpenConnectionAsync(ct) : null;
            try
            {
                position = await (conn ?? own!).ExecuteScalarAsync<int>(new CommandDefinition(
                    "select count(*)::int from activities.signups where activity_id = @activityId and status = 2 and id <= @id",
                    new { activityId = a.Id, id = s.Id }, cancellationToken: ct));
            }
            finally
            {
                if (own is not null) await own.DisposeAsync();
            }
        }
        var canCancel = s.StatusValue is SignupStatus.Confirmed or SignupStatus.Waitlisted && a.StatusValue == ActivityStatus.Published && now < a.SignupClosesAt;
        return new SignupView(s.Id, a.Id, a.Title, l[a.KindValue.Label()], ActivityView.TimeRange(a.StartsAt, a.EndsAt), a.PlaceText,
            s.StatusValue.Code(), l[s.StatusValue.Label()], s.Seats, s.FamilyCount, s.ChildName, s.ChildAge, s.PartnerName, s.Answers, s.FeeFen,
            position, canCancel, a.SignupClosesAt, LocalTime.Text(a.SignupClosesAt), s.CreatedAt, s.CheckedInAt, s.Points);
    }

    /// <summary>Locks the activity row (every seat change of one activity queues here), then reads it afresh with its waitlist count.</summary>
    internal static async Task<ActivityRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long activityId, CancellationToken ct)
    {
        var locked = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select id from activities.activities where id = @activityId for update", new { activityId }, tx, cancellationToken: ct));
        if (locked is null) return null;
        // A new statement, so a new snapshot (read committed): it sees everything the previous lock holder committed.
        return await conn.QuerySingleAsync<ActivityRow>(new CommandDefinition(
            $"select {ActivityRow.Columns} from activities.activities a where a.id = @activityId", new { activityId }, tx, cancellationToken: ct));
    }

    internal async Task TellPromotedAsync(IReadOnlyList<long> signupIds, CancellationToken ct)
    {
        if (signupIds.Count == 0) return;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long MemberId, string Title, DateTime StartsAt)>(new CommandDefinition("""
            select s.member_id, a.title, a.starts_at from activities.signups s join activities.activities a on a.id = s.activity_id where s.id = any(@ids)
            """, new { ids = signupIds.ToArray() }, cancellationToken: ct));
        foreach (var r in rows)
            await NotifyAsync(r.MemberId, l["【工会活动】您在“{0}”的候补已转为正式报名，活动时间 {1}，请凭会员码签到。", r.Title, LocalTime.Text(r.StartsAt)], ct);
    }

    /// <summary>Best effort: a notice that cannot be sent does not undo the change.</summary>
    internal async Task NotifyAsync(long memberId, string text, CancellationToken ct)
    {
        try
        {
            if (await members.NoticePhoneAsync(memberId, ct) is { } phone) await sms.SendAsync(phone, text, "activity", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoticeFailed(logger, memberId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity notice to member {MemberId} could not be sent")]
    private static partial void LogNoticeFailed(ILogger logger, long memberId, Exception e);

    private sealed record ForMeRow(long Id, long UnionId, short Kind, string Title, DateTime StartsAt, DateTime EndsAt, string PlaceText, int Capacity,
        int SeatsTaken, DateTime SignupOpensAt, DateTime SignupClosesAt, long FeeFen, int Waitlisted, short? MyStatus);
}
