using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Activities.Domain;
using UnionOne.Modules.Activities.SignUp;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.MemberCode.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Activities.Roster;

/// <summary>Staff work on one activity's sign-ups: the list, turnout, check-in by member code or by hand, messages.</summary>
internal sealed class ActivityRoster(
    NpgsqlDataSource dataSource,
    ActivityStaff staff,
    ActivitySignups signups,
    IMemberDirectory members,
    IMemberCodes codes,
    IPointsAwarder points,
    IOrganisationDirectory unions,
    IAuditLog audit,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<ActivitiesText> l)
{
    public async Task<IReadOnlyList<RosterEntry>> ListAsync(long activityId, CancellationToken ct)
    {
        await staff.RequireAsync(activityId, Permission.Read, ct);
        return await EntriesAsync(activityId, ct);
    }

    internal async Task<IReadOnlyList<RosterEntry>> EntriesAsync(long activityId, CancellationToken ct)
    {
        List<SignupRow> rows;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            rows = (await conn.QueryAsync<SignupRow>(new CommandDefinition($"""
                select {SignupRow.Columns} from activities.signups s where s.activity_id = @activityId
                order by case s.status when 2 then 1 when 3 then 2 else 0 end, s.id
                """, new { activityId }, cancellationToken: ct))).ToList();
        }
        var people = await members.FindManyAsync(rows.Select(r => r.MemberId).Distinct().ToList(), ct);
        var list = new List<RosterEntry>(rows.Count);
        foreach (var r in rows)
        {
            people.TryGetValue(r.MemberId, out var m);
            list.Add(new RosterEntry(r.Id, r.MemberId, m?.MemberNo ?? "", m?.Name ?? "", r.UnionId, (await unions.FindAsync(r.UnionId, ct))?.Name ?? "",
                r.StatusValue.Code(), l[r.StatusValue.Label()], r.Seats, r.FamilyCount, r.ChildName, r.ChildAge, r.PartnerName, r.Answers, r.CreatedAt,
                LocalTime.Text(r.CreatedAt), r.CheckedInAt, r.CheckInMethod, r.Points));
        }
        return list;
    }

    public async Task<Turnout> TurnoutAsync(long activityId, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, Permission.Read, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var byUnion = (await conn.QueryAsync<(long UnionId, int SignedUp, int Waitlisted, int Cancelled, int Attended)>(new CommandDefinition("""
            select union_id, count(*) filter (where status in (1, 4))::int, count(*) filter (where status = 2)::int,
                   count(*) filter (where status = 3)::int, count(*) filter (where status = 4)::int
            from activities.signups where activity_id = @activityId group by union_id order by union_id
            """, new { activityId }, cancellationToken: ct))).ToList();
        var unionsList = new List<UnionTurnout>(byUnion.Count);
        foreach (var u in byUnion)
            unionsList.Add(new UnionTurnout(u.UnionId, (await unions.FindAsync(u.UnionId, ct))?.Name ?? "", u.SignedUp, u.Waitlisted, u.Cancelled, u.Attended));
        return new Turnout(byUnion.Sum(u => u.SignedUp), byUnion.Sum(u => u.Waitlisted), byUnion.Sum(u => u.Cancelled), byUnion.Sum(u => u.Attended),
            row.SeatsTaken, row.Capacity, unionsList.OrderByDescending(u => u.SignedUp).ThenBy(u => u.UnionName, StringComparer.Ordinal).ToList());
    }

    /// <summary>Check-in at the door: the member code is read (single use for this activity), the confirmed sign-up marked attended, points awarded.</summary>
    public async Task<CheckInResult> CheckInByCodeAsync(long activityId, string? code, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, ActivityStaff.Manage, ct);
        RequireRunning(row);
        if (string.IsNullOrWhiteSpace(code)) throw new InputValidationException("code", l["请扫描或输入会员码"]);
        var check = await codes.ReadAsync(code.Trim(), $"activity:{activityId}", ct);
        if (!check.Valid || check.MemberId is not { } memberId) throw new BusinessRuleException(check.Message, "code-refused");
        var signupId = await FindActiveSignupAsync(activityId, memberId, ct);
        return await MarkAttendedAsync(row, signupId, "code", ct);
    }

    /// <summary>Staff record attendance by hand (a member without a phone, a code that would not scan).</summary>
    public async Task<CheckInResult> RecordAttendanceAsync(long activityId, long signupId, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, ActivityStaff.Manage, ct);
        RequireRunning(row);
        return await MarkAttendedAsync(row, signupId, "manual", ct);
    }

    private void RequireRunning(ActivityRow row)
    {
        if (row.StatusValue == ActivityStatus.Cancelled) throw new BusinessRuleException(l["该活动已取消"], "activity-cancelled");
        if (row.StatusValue == ActivityStatus.Draft) throw new BusinessRuleException(l["该活动尚未发布"], "draft");
    }

    private async Task<long> FindActiveSignupAsync(long activityId, long memberId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var found = await conn.QuerySingleOrDefaultAsync<(long Id, short Status)?>(new CommandDefinition(
            "select id, status from activities.signups where activity_id = @activityId and member_id = @memberId and status <> 3",
            new { activityId, memberId }, cancellationToken: ct));
        return found switch
        {
            null => throw new BusinessRuleException(l["该会员未报名此活动"], "not-signed-up"),
            { Status: (short)SignupStatus.Waitlisted } => throw new BusinessRuleException(l["该会员在候补名单中，尚未获得名额"], "waitlisted"),
            { } f => f.Id,
        };
    }

    private async Task<CheckInResult> MarkAttendedAsync(ActivityRow row, long signupId, string method, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var signup = await conn.QuerySingleOrDefaultAsync<SignupRow>(new CommandDefinition(
            $"select {SignupRow.Columns} from activities.signups s where s.id = @signupId and s.activity_id = @activityId for update",
            new { signupId, activityId = row.Id }, tx, cancellationToken: ct)) ?? throw new NotFoundException(l["未找到该报名"]);
        switch (signup.StatusValue)
        {
            case SignupStatus.Attended: throw new BusinessRuleException(l["该会员已于{0}签到", LocalTime.Text(signup.CheckedInAt!.Value)], "already-attended");
            case SignupStatus.Waitlisted: throw new BusinessRuleException(l["该会员在候补名单中，尚未获得名额"], "waitlisted");
            case SignupStatus.Cancelled: throw new BusinessRuleException(l["该报名已取消"], "cancelled");
        }
        long? earned = null;
        if (row.PointsOnCheckin)
            earned = await points.AwardAsync(signup.MemberId, signup.UnionId, PointsEvent.ActivityAttendance, $"activity:{row.Id}", tx, ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            update activities.signups set status = 4, checked_in_at = @now, check_in_method = @method, checked_in_by = @staffId, points = @earned
            where id = @signupId
            """, new { now, method, staffId = user.StaffId, earned, signupId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        var member = await members.FindAsync(signup.MemberId, ct);
        var message = earned is > 0 ? l["签到成功，获得{0}积分", earned.Value] : l["签到成功"];
        return new CheckInResult(signupId, signup.MemberId, member?.MemberNo ?? "", member?.Name ?? "", now, earned, message);
    }

    /// <summary>Texts the participants through the SMS outbox; the act (not the text's recipients' numbers) is audited.</summary>
    public async Task<MessageResult> MessageAsync(long activityId, MessageRequest request, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, ActivityStaff.Manage, ct);
        var text = (request.Text ?? "").Trim();
        if (text.Length is < 2 or > 300) throw new InputValidationException("text", l["短信内容应为2至300字"]);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var ids = (await conn.QueryAsync<long>(new CommandDefinition(
            "select member_id from activities.signups where activity_id = @activityId and (status in (1, 4) or (@wait and status = 2)) order by id",
            new { activityId, wait = request.IncludeWaitlist }, cancellationToken: ct))).ToList();
        var body = l["【{0}】{1}", row.Title, text].Value;
        foreach (var id in ids) await signups.NotifyAsync(id, body, ct);
        await audit.WriteAsync(new AuditEntry("activity.message", "activity", activityId.ToString(System.Globalization.CultureInfo.InvariantCulture), row.UnionId,
            new { recipients = ids.Count, request.IncludeWaitlist }), ct: ct);
        return new MessageResult(ids.Count);
    }
}
