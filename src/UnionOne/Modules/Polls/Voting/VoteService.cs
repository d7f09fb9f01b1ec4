using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Polls.Domain;
using UnionOne.Modules.Polls.Publishing;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Polls.Voting;

internal sealed record VoteRequest(IReadOnlyList<int>? Choices);

/// <summary>A poll as a member sees it: their ballot, whether they may vote, and the results when the union shows them.</summary>
public sealed record MemberPollView(PollView Poll, IReadOnlyList<int>? MyChoices, DateTime? VotedAt, bool CanVote, string? WhyNot, bool ResultsVisible,
    IReadOnlyList<OptionResult>? Results);

/// <summary>
/// Members vote. One ballot per member per poll is the database's rule (unique (poll, member)): parallel votes of one member
/// insert one ballot and the others are told they already voted.
/// </summary>
internal sealed class VoteService(NpgsqlDataSource dataSource, PollMembers members, PollService polls, IOrganisationDirectory directory, TimeProvider clock,
    IStringLocalizer<PollsText> l)
{
    public async Task<IReadOnlyList<MemberPollView>> MineAsync(CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var publishers = await members.PublishersAsync(member, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        List<PollService.PollRow> rows;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            rows = (await conn.QueryAsync<PollService.PollRow>(new CommandDefinition($"""
            select {PollService.PollColumns} from polls.polls p
            where p.union_id = any(@publishers)
              and ((p.opens_at <= @now and p.closes_at > @now)
                   or exists (select 1 from polls.ballots b where b.poll_id = p.id and b.member_id = @memberId)
                   or (p.closes_at <= @now and p.closes_at > @now - interval '30 days'))
            order by (p.closes_at > @now) desc, p.closes_at, p.id
            limit 50
            """, new { publishers, now, memberId = member.Id }, cancellationToken: ct))).ToList();
        }
        var list = new List<MemberPollView>();
        foreach (var row in rows) list.Add(await ViewAsync(member, row, ct));
        return list;
    }

    public async Task<MemberPollView> GetAsync(long pollId, CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        return await ViewAsync(member, await EligibleAsync(member, pollId, ct), ct);
    }

    public async Task<MemberPollView> VoteAsync(long pollId, VoteRequest request, CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var poll = await EligibleAsync(member, pollId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < poll.OpensAt) throw new BusinessRuleException(l["投票尚未开始（{0}开始）", PollTime.Text(poll.OpensAt)], "not-open");
        if (now >= poll.ClosesAt) throw new BusinessRuleException(l["投票已于{0}截止，不能再投票", PollTime.Text(poll.ClosesAt)], "closed");

        var optionCount = await OptionCountAsync(pollId, ct);
        var choices = request.Choices ?? [];
        if (choices.Count == 0) throw new InputValidationException("choices", l["请至少选择一项"]);
        if (choices.Any(c => c < 1 || c > optionCount)) throw new InputValidationException("choices", l["所选的选项不存在"]);
        if (choices.Distinct().Count() != choices.Count) throw new InputValidationException("choices", l["不能重复选择同一选项"]);
        if (choices.Count > poll.MaxChoices) throw new InputValidationException("choices", l["本投票每人最多选{0}项，您选了{1}项", poll.MaxChoices, choices.Count]);

        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            var id = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
                insert into polls.ballots (poll_id, member_id, union_id, choices, cast_at) values (@pollId, @memberId, @unionId, @choices, @now)
                on conflict (poll_id, member_id) do nothing
                returning id
                """, new { pollId, memberId = member.Id, unionId = member.UnionId, choices = choices.Order().Select(c => (short)c).ToArray(), now }, cancellationToken: ct));
            if (id is null) throw new BusinessRuleException(l["您已经投过票了，每人只能投一次"], "already-voted");
        }
        return await GetAsync(pollId, ct);
    }

    private async Task<int> OptionCountAsync(long pollId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("select count(*)::int from polls.options where poll_id = @pollId", new { pollId }, cancellationToken: ct));
    }

    private async Task<PollService.PollRow> EligibleAsync(MemberRef member, long pollId, CancellationToken ct)
    {
        var poll = await polls.FindAsync(pollId, ct) ?? throw new NotFoundException(l["未找到该投票"]);
        if (!(await members.PublishersAsync(member, ct)).Contains(poll.UnionId)) throw new NotFoundException(l["未找到该投票"]);
        return poll;
    }

    private async Task<MemberPollView> ViewAsync(MemberRef member, PollService.PollRow row, CancellationToken ct)
    {
        var view = await polls.ViewAsync(row, (await directory.FindAsync(row.UnionId, ct))?.Name ?? "", ct);
        BallotRow? ballot;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            ballot = await conn.QuerySingleOrDefaultAsync<BallotRow>(new CommandDefinition(
                "select choices, cast_at as CastAt from polls.ballots where poll_id = @pollId and member_id = @memberId", new { pollId = row.Id, memberId = member.Id }, cancellationToken: ct));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        string? why = ballot is not null ? l["您已投票"].Value : now < row.OpensAt ? l["投票尚未开始"].Value : now >= row.ClosesAt ? l["投票已截止"].Value : null;
        var visible = now >= row.ClosesAt || (row.ResultsVisibility == (short)ResultsVisibility.Live && now >= row.OpensAt);
        return new MemberPollView(view, ballot?.Choices.Select(c => (int)c).ToArray(), ballot?.CastAt, why is null, why, visible,
            visible ? await polls.TallyAsync(view, ct) : null);
    }

    private sealed class BallotRow
    {
        public short[] Choices { get; init; } = [];

        public DateTime CastAt { get; init; }
    }
}
