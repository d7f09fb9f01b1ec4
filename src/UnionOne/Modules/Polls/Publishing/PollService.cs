using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Polls.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Polls.Publishing;

/// <summary>Staff publish polls to their union's subtree, list them and read results with turnout per union.</summary>
internal sealed class PollService(
    NpgsqlDataSource dataSource,
    PollStaff staff,
    IOrganisationDirectory directory,
    IMemberCounts counts,
    TimeProvider clock,
    IStringLocalizer<PollsText> l)
{
    public const int MaxOptions = 20;

    internal const string PollColumns = """
        p.id, p.union_id as UnionId, p.question, p.description, p.max_choices as MaxChoices, p.results_visibility as ResultsVisibility,
        p.opens_at as OpensAt, p.closes_at as ClosesAt, (select count(*) from polls.ballots b where b.poll_id = p.id)::int as Voters
        """;

    public async Task<PollView> PublishAsync(PollRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.UnionId is not > 0) errors["unionId"] = [l["请选择工会"]];
        var question = (r.Question ?? "").Trim();
        if (question.Length is < 2 or > 200) errors["question"] = [l["请填写投票主题（2-200个字）"]];
        var description = string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim();
        if (description is { Length: > 500 }) errors["description"] = [l["说明不超过500个字"]];
        var options = (r.Options ?? []).Select(o => (o ?? "").Trim()).Where(o => o.Length > 0).ToArray();
        if (options.Length < 2) errors["options"] = [l["投票至少需要2个选项"]];
        else if (options.Length > MaxOptions) errors["options"] = [l["投票最多{0}个选项", MaxOptions]];
        else if (options.Any(o => o.Length > 60)) errors["options"] = [l["每个选项不超过60个字"]];
        else if (options.Distinct().Count() != options.Length) errors["options"] = [l["选项不能重复"]];
        if (r.MaxChoices is not >= 1 || (options.Length >= 2 && r.MaxChoices > options.Length))
            errors["maxChoices"] = [l["每人可选项数须在1至选项数之间"]];
        var visibility = PollLabels.ParseVisibility(r.ResultsVisibility);
        if (visibility is null) errors["resultsVisibility"] = [l["请选择结果公布方式"]];
        var now = clock.GetUtcNow().UtcDateTime;
        if (r.OpensAt is null) errors["opensAt"] = [l["请填写开始时间"]];
        if (r.ClosesAt is null) errors["closesAt"] = [l["请填写截止时间"]];
        else if (r.ClosesAt.Value.UtcDateTime <= now) errors["closesAt"] = [l["截止时间须晚于现在"]];
        else if (r.OpensAt is { } o && r.ClosesAt.Value <= o) errors["closesAt"] = [l["截止时间须晚于开始时间"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        var union = await staff.RequireAsync(r.UnionId!.Value, PollStaff.Manage, ct);
        var scope = await staff.ScopeAsync(ct);
        long id;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
        await using var tx = await conn.BeginTransactionAsync(ct);
        id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into polls.polls (union_id, question, description, max_choices, results_visibility, opens_at, closes_at, created_by)
            values (@unionId, @question, @description, @maxChoices, @visibility, @opensAt, @closesAt, @staffId)
            returning id
            """, new
        {
            unionId = union.Id, question, description, maxChoices = (short)r.MaxChoices!.Value, visibility = (short)visibility!.Value,
            opensAt = r.OpensAt!.Value.UtcDateTime, closesAt = r.ClosesAt!.Value.UtcDateTime, staffId = scope.StaffId,
        }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into polls.options (poll_id, option_no, text)
            select @id, n::smallint, t from unnest(@options::text[]) with ordinality as x(t, n)
            """, new { id, options }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    /// <summary>A poll for staff who may see its union (404 otherwise).</summary>
    public async Task<PollView> GetAsync(long pollId, CancellationToken ct)
    {
        var row = await FindAsync(pollId, ct) ?? throw new NotFoundException(l["未找到该投票"]);
        var union = await RequireObjectAsync(row.UnionId, ct);
        return await ViewAsync(row, union.Name, ct);
    }

    public async Task<IReadOnlyList<PollView>> ListAsync(long unionId, CancellationToken ct)
    {
        await staff.RequireAsync(unionId, Permission.Read, ct);
        var subtree = await directory.SubtreeAsync([unionId], ct);
        List<PollRow> rows;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            rows = (await conn.QueryAsync<PollRow>(new CommandDefinition(
                $"select {PollColumns} from polls.polls p where p.union_id = any(@ids) order by p.id desc limit 200", new { ids = subtree.UnionIds.ToArray() }, cancellationToken: ct))).ToList();
        var list = new List<PollView>();
        foreach (var row in rows) list.Add(await ViewAsync(row, (await directory.FindAsync(row.UnionId, ct))?.Name ?? "", ct));
        return list;
    }

    /// <summary>
    /// Results (always, for staff) and turnout per union of <paramref name="unionId"/>'s subtree (default: the poll's union when the
    /// staff member may see it, else their own union under it). 404 outside their subtree or the poll's reach.
    /// </summary>
    public async Task<PollResults> ResultsAsync(long pollId, long? unionId, CancellationToken ct)
    {
        var row = await FindAsync(pollId, ct) ?? throw new NotFoundException(l["未找到该投票"]);
        var publisher = await directory.FindAsync(row.UnionId, ct) ?? throw new NotFoundException(l["未找到该投票"]);
        var scope = await staff.ScopeAsync(ct);
        var target = unionId
            ?? (scope.Can(Permission.Read, publisher) ? publisher.Id
                : scope.Grants.FirstOrDefault(g => g.UnionPath == publisher.Path || g.UnionPath.StartsWith(publisher.Path + ".", StringComparison.Ordinal))?.UnionId)
            ?? throw new NotFoundException(l["未找到该投票"]);
        UnionSummary union;
        try
        {
            union = await staff.RequireAsync(target, Permission.Read, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该投票"]);
        }
        if (!union.IsWithin(publisher.Path)) throw new NotFoundException(l["未找到该投票"]);

        var poll = await ViewAsync(row, publisher.Name, ct);
        var options = await TallyAsync(poll, ct);
        Dictionary<long, int> voters;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            voters = (await conn.QueryAsync<(long UnionId, int Voters)>(new CommandDefinition(
                "select union_id, count(*)::int from polls.ballots where poll_id = @pollId group by union_id", new { pollId }, cancellationToken: ct)))
                .ToDictionary(v => v.UnionId, v => v.Voters);
        var active = await counts.ActiveMembersByUnionAsync(ct);
        var tree = await directory.ActiveInTreeOrderAsync([union.Id], ct);
        var turnout = new List<UnionTurnout>();
        foreach (var (u, depth) in tree)
        {
            var v = voters.GetValueOrDefault(u.Id);
            var m = active.GetValueOrDefault(u.Id);
            if (v == 0 && m == 0) continue;
            turnout.Add(new UnionTurnout(u.Id, u.Name, depth, v, m, Share(v, m)));
        }
        var subtree = (await directory.SubtreeAsync([union.Id], ct)).UnionIds.ToHashSet();
        var subtreeVoters = voters.Where(v => subtree.Contains(v.Key)).Sum(v => v.Value);
        var subtreeMembers = active.Where(a => subtree.Contains(a.Key)).Sum(a => a.Value);
        return new PollResults(poll, options, poll.Voters, union.Id, union.Name, turnout, subtreeVoters, subtreeMembers, Share(subtreeVoters, subtreeMembers));
    }

    /// <summary>Votes per option (a multiple-choice ballot counts once for each option chosen) and the share of voters.</summary>
    public async Task<IReadOnlyList<OptionResult>> TallyAsync(PollView poll, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var votes = (await conn.QueryAsync<(short No, int Votes)>(new CommandDefinition(
            "select c, count(*)::int from polls.ballots b, unnest(b.choices) as c where b.poll_id = @id group by c", new { id = poll.Id }, cancellationToken: ct)))
            .ToDictionary(v => (int)v.No, v => v.Votes);
        return poll.Options.Select(o => new OptionResult(o.No, o.Text, votes.GetValueOrDefault(o.No), Share(votes.GetValueOrDefault(o.No), poll.Voters))).ToList();
    }

    public async Task<PollRow?> FindAsync(long pollId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<PollRow>(new CommandDefinition(
            $"select {PollColumns} from polls.polls p where p.id = @pollId", new { pollId }, cancellationToken: ct));
    }

    public async Task<PollView> ViewAsync(PollRow r, string unionName, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var options = (await conn.QueryAsync<(short No, string Text)>(new CommandDefinition(
            "select option_no, text from polls.options where poll_id = @id order by option_no", new { id = r.Id }, cancellationToken: ct)))
            .Select(o => new PollOption(o.No, o.Text)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var (state, label) = now < r.OpensAt ? ("upcoming", "未开始") : now >= r.ClosesAt ? ("closed", "已截止") : ("open", "投票中");
        var visibility = (ResultsVisibility)r.ResultsVisibility;
        return new PollView(r.Id, r.UnionId, unionName, r.Question, r.Description, r.MaxChoices, PollLabels.Code(visibility), l[PollLabels.Visibility(visibility)],
            r.OpensAt, r.ClosesAt, state, l[label], options, r.Voters);
    }

    private async Task<UnionSummary> RequireObjectAsync(long unionId, CancellationToken ct)
    {
        try
        {
            return await staff.RequireAsync(unionId, Permission.Read, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该投票"]);
        }
    }

    public static double Share(long part, long whole) => whole <= 0 ? 0 : Math.Round(part * 1000.0 / whole) / 10;

    internal sealed record PollRow(long Id, long UnionId, string Question, string? Description, short MaxChoices, short ResultsVisibility, DateTime OpensAt,
        DateTime ClosesAt, int Voters);
}
