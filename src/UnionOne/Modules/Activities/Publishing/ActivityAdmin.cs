using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Activities.Domain;
using UnionOne.Modules.Activities.SignUp;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Activities.Publishing;

/// <summary>Staff create (draft or published), publish, cancel and list activities of their subtree.</summary>
internal sealed class ActivityAdmin(
    NpgsqlDataSource dataSource,
    ActivityStaff staff,
    IOrganisationDirectory unions,
    IPlaceDirectory places,
    ActivitySignups signups,
    ICurrentUser user,
    TimeProvider clock,
    IStringLocalizer<ActivitiesText> l)
{
    public async Task<ActivityView> CreateAsync(ActivityInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (input.UnionId is null) Add("unionId", l["请选择发布工会"]);
        var kind = input.Kind is { } k && Enum.IsDefined((ActivityKind)k) ? (ActivityKind?)k : null;
        if (kind is null) Add("kind", l["请选择活动类型"]);
        var title = (input.Title ?? "").Trim();
        if (title.Length is < 2 or > 60) Add("title", l["活动名称应为2至60个字"]);
        var description = (input.Description ?? "").Trim();
        if (description.Length > 2000) Add("description", l["活动介绍不能超过2000字"]);
        var placeText = (input.PlaceText ?? "").Trim();
        if (placeText.Length > 100) Add("placeText", l["地点不能超过100字"]);
        if (placeText.Length == 0 && input.PlaceId is null) Add("placeText", l["请填写活动地点"]);

        var startsAt = input.StartsAt?.UtcDateTime;
        var endsAt = input.EndsAt?.UtcDateTime;
        if (startsAt is null) Add("startsAt", l["请填写开始时间"]);
        else if (startsAt <= now) Add("startsAt", l["开始时间不能早于现在"]);
        if (endsAt is null) Add("endsAt", l["请填写结束时间"]);
        else if (startsAt is not null && endsAt <= startsAt) Add("endsAt", l["结束时间应晚于开始时间"]);

        if (input.Capacity is null) Add("capacity", l["请填写名额"]);
        else if (input.Capacity <= 0) Add("capacity", l["名额必须大于0"]);
        else if (input.Capacity > 100_000) Add("capacity", l["名额不能超过100000"]);

        var opensAt = input.SignupOpensAt?.UtcDateTime ?? now;
        var closesAt = input.SignupClosesAt?.UtcDateTime;
        if (closesAt is null) Add("signupClosesAt", l["请填写报名截止时间"]);
        else if (closesAt <= opensAt) Add("signupClosesAt", l["报名截止时间应晚于报名开始时间"]);
        else if (startsAt is not null && closesAt > startsAt) Add("signupClosesAt", l["报名截止时间不能晚于活动开始时间"]);
        else if (closesAt <= now) Add("signupClosesAt", l["报名截止时间不能早于现在"]);

        var fee = input.FeeFen ?? 0;
        if (fee is < 0 or > 10_000_000) Add("feeFen", l["费用应在0至100000元之间（以分为单位）"]);
        var maxFamily = input.MaxFamily ?? 0;
        if (maxFamily is < 0 or > 5) Add("maxFamily", l["随行家属人数应在0至5之间"]);

        short? childMin = null, childMax = null;
        if (kind == ActivityKind.SummerChildcare)
        {
            if (input.ChildMinAge is not { } min || input.ChildMaxAge is not { } max) Add("childMinAge", l["暑期托管须填写孩子的年龄范围"]);
            else if (min is < 0 or > 18 || max is < 0 or > 18 || min > max) Add("childMinAge", l["孩子年龄范围应在0至18岁之间，且下限不大于上限"]);
            else { childMin = (short)min; childMax = (short)max; }
        }

        var questions = (input.Questions ?? []).Select(q => (q ?? "").Trim()).Where(q => q.Length > 0).ToArray();
        if (questions.Length > 10) Add("questions", l["报名问题最多10个"]);
        if (questions.Any(q => q.Length > 100)) Add("questions", l["每个报名问题不能超过100字"]);

        var tags = (input.TargetTags ?? []).Select(t => (t ?? "").Trim()).Where(t => t.Length > 0).Distinct().ToArray();
        if (tags.Length > 20 || tags.Any(t => t.Length > 20)) Add("targetTags", l["标签最多20个，每个不超过20字"]);
        var jobTypes = (input.TargetJobTypes ?? []).Distinct().ToArray();
        if (jobTypes.Any(j => !Enum.IsDefined((JobType)j))) Add("targetJobTypes", l["职业类型不正确"]);

        UnionSummary? publisher = null;
        if (input.UnionId is { } unionId)
        {
            publisher = await staff.RequireUnionAsync(ActivityStaff.Manage, unionId, ct);
            if (!publisher.IsActive) Add("unionId", l["该工会已注销或合并，不能发布活动"]);
        }
        var targets = (input.TargetUnionIds ?? []).Distinct().ToArray();
        if (targets.Length > 200) Add("targetUnionIds", l["最多选择200个工会"]);
        else if (publisher is not null)
        {
            foreach (var t in targets)
            {
                var u = await unions.FindAsync(t, ct);
                if (u is null || !u.IsWithin(publisher.Path))
                {
                    Add("targetUnionIds", l["所选工会不在发布工会的管辖范围内"]);
                    break;
                }
            }
        }
        if (input.PlaceId is { } placeId)
        {
            var place = await places.FindAsync(placeId, ct);
            if (place is null || place.Status == PlaceStatus.Closed) Add("placeId", l["未找到该场所，或该场所已关闭"]);
            else if (placeText.Length == 0) placeText = place.Name;
        }

        if (errors.Count > 0)
            throw new InputValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), l["提交的内容有误"]);

        var audience = targets.Length > 0 ? targets : [publisher!.Id];
        var status = input.Publish ? ActivityStatus.Published : ActivityStatus.Draft;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into activities.activities (union_id, kind, title, description, starts_at, ends_at, place_text, place_id, capacity,
                signup_opens_at, signup_closes_at, fee_fen, max_family, family_counts, points_on_checkin, child_min_age, child_max_age,
                questions, target_union_ids, audience, target_tags, target_job_types, status, created_by, created_at, published_at)
            values (@UnionId, @Kind, @title, @description, @startsAt, @endsAt, @placeText, @PlaceId, @Capacity,
                @opensAt, @closesAt, @fee, @maxFamily, @FamilyCounts, @PointsOnCheckIn, @childMin, @childMax,
                @questions, @targets, @audience, @tags, @jobTypes, @status, @staffId, @now, @publishedAt)
            returning id
            """, new
        {
            input.UnionId, Kind = (short)kind!.Value, title, description, startsAt, endsAt, placeText, input.PlaceId, input.Capacity,
            opensAt, closesAt, fee, maxFamily = (short)maxFamily, input.FamilyCounts, input.PointsOnCheckIn, childMin, childMax,
            questions, targets, audience, tags, jobTypes = jobTypes.Select(j => (short)j).ToArray(), status = (short)status,
            staffId = user.StaffId ?? 0, now, publishedAt = input.Publish ? now : (DateTime?)null,
        }, cancellationToken: ct));
        return await GetAsync(id, ct);
    }

    public async Task<ActivityView> GetAsync(long activityId, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, Permission.Read, ct);
        return ActivityView.From(row, await staff.UnionNameAsync(row.UnionId, ct), l);
    }

    public async Task<ActivityView> PublishAsync(long activityId, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, ActivityStaff.Manage, ct);
        if (row.StatusValue != ActivityStatus.Draft) throw new BusinessRuleException(l["只有草稿可以发布"], "not-draft");
        var now = clock.GetUtcNow().UtcDateTime;
        if (row.SignupClosesAt <= now) throw new BusinessRuleException(l["报名截止时间已过，请重新创建活动"], "too-late");
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update activities.activities set status = 2, published_at = @now where id = @activityId and status = 1", new { activityId, now }, cancellationToken: ct));
        return await GetAsync(activityId, ct);
    }

    /// <summary>Cancels the activity: every active sign-up is cancelled too (fees refunded) and its members are told by SMS.</summary>
    public async Task<ActivityView> CancelAsync(long activityId, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, ActivityStaff.Manage, ct);
        if (row.StatusValue == ActivityStatus.Cancelled) throw new BusinessRuleException(l["该活动已取消"], "already-cancelled");
        if (row.EndsAt <= clock.GetUtcNow().UtcDateTime) throw new BusinessRuleException(l["活动已结束，不能取消"], "finished");
        await signups.CancelActivityAsync(row, ct);
        return await GetAsync(activityId, ct);
    }

    /// <summary>Activities published by unions of the staff member's subtree (or one union's subtree), newest start first.</summary>
    public async Task<IReadOnlyList<ActivityView>> ListAsync(long? unionId, int page, CancellationToken ct)
    {
        var scope = await staff.SubtreeAsync(Permission.Read, unionId, ct);
        if (!scope.All && scope.UnionIds.Count == 0) return [];
        const int size = 50;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ActivityRow>(new CommandDefinition($"""
            select {ActivityRow.Columns} from activities.activities a
            where (@all or a.union_id = any(@ids))
            order by a.starts_at desc, a.id desc limit @size offset @offset
            """, new { all = scope.All, ids = scope.UnionIds.ToArray(), size, offset = Math.Max(0, page - 1) * size }, cancellationToken: ct));
        var list = new List<ActivityView>();
        foreach (var r in rows) list.Add(ActivityView.From(r, await staff.UnionNameAsync(r.UnionId, ct), l));
        return list;
    }
}
