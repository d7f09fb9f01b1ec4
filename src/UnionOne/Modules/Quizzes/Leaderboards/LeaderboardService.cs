using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Quizzes.Domain;
using UnionOne.Modules.Quizzes.Publishing;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Leaderboards;

/// <summary>A member's best attempt on a leaderboard (best score, then shortest time).</summary>
public sealed record LeaderboardRow(int Rank, long MemberId, string Name, string? MemberNo, long UnionId, string UnionName, int Score, int Total, int Percent,
    int Seconds, string Duration, bool Passed, int Attempts);

/// <summary>Per union of the subtree: who took part, who passed, the average and best score in percent.</summary>
public sealed record UnionStanding(long UnionId, string UnionName, int Participants, int Passed, int AveragePercent, int BestPercent);

public sealed record Leaderboard(QuizView Quiz, long UnionId, string UnionName, IReadOnlyList<LeaderboardRow> Rows, IReadOnlyList<UnionStanding> Unions, int Expired);

/// <summary>
/// Leaderboards of a quiz: a member sees their own union's (names masked); staff see any union of their subtree inside the
/// quiz's reach (full names, member numbers) with standings per union.
/// </summary>
internal sealed class LeaderboardService(
    NpgsqlDataSource dataSource,
    PublishService quizzes,
    QuizStaff staff,
    QuizMembers members,
    IOrganisationDirectory directory,
    IMemberDirectory memberDirectory,
    IStringLocalizer<QuizzesText> l)
{
    public const int Top = 100;

    public async Task<Leaderboard> ForMemberAsync(long quizId, CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var quiz = await quizzes.FindAsync(quizId, ct) ?? throw new NotFoundException(l["未找到该竞赛"]);
        if (!(await members.PublishersAsync(member, ct)).Contains(quiz.UnionId)) throw new NotFoundException(l["未找到该竞赛"]);
        var union = await directory.FindAsync(member.UnionId, ct) ?? throw new NotFoundException(l["未找到该工会"]);
        var board = await BuildAsync(quiz, union, [union.Id], staffView: false, ct);
        return board with { Rows = board.Rows.Select(r => r with { Name = r.MemberId == member.Id ? r.Name : QuizLabels.MaskName(r.Name), MemberNo = null }).ToList() };
    }

    /// <summary>
    /// Staff: the leaderboard of <paramref name="unionId"/>'s subtree (default: the quiz's union when they may see it, else
    /// their own union under it). 404 when the union is outside their subtree or outside the quiz's reach.
    /// </summary>
    public async Task<Leaderboard> ForStaffAsync(long quizId, long? unionId, CancellationToken ct)
    {
        var quiz = await quizzes.FindAsync(quizId, ct) ?? throw new NotFoundException(l["未找到该竞赛"]);
        var publisher = await directory.FindAsync(quiz.UnionId, ct) ?? throw new NotFoundException(l["未找到该竞赛"]);
        var scope = await staff.ScopeAsync(ct);
        long target;
        if (unionId is { } chosen) target = chosen;
        else if (scope.Can(Permission.Read, publisher)) target = publisher.Id;
        else target = scope.Grants.FirstOrDefault(g => g.UnionPath == publisher.Path || g.UnionPath.StartsWith(publisher.Path + ".", StringComparison.Ordinal))?.UnionId
            ?? throw new NotFoundException(l["未找到该竞赛"]);
        UnionSummary union;
        try
        {
            union = await staff.RequireAsync(target, Permission.Read, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException(l["未找到该竞赛"]);
        }
        if (!union.IsWithin(publisher.Path)) throw new NotFoundException(l["未找到该竞赛"]);
        var subtree = await staff.SubtreeAsync(union.Id, ct);
        return await BuildAsync(quiz, union, subtree.UnionIds.ToArray(), staffView: true, ct);
    }

    private async Task<Leaderboard> BuildAsync(PublishService.QuizRow quiz, UnionSummary union, long[] unionIds, bool staffView, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var best = (await conn.QueryAsync<BestRow>(new CommandDefinition("""
            with best as (
                select distinct on (a.member_id) a.member_id, a.union_id, a.score, a.total, a.passed,
                       extract(epoch from a.submitted_at - a.started_at)::float8 as seconds
                from quizzes.attempts a
                where a.quiz_id = @quizId and a.status = 2 and a.union_id = any(@unionIds)
                order by a.member_id, a.score desc, a.submitted_at - a.started_at, a.id)
            select b.member_id as MemberId, b.union_id as UnionId, b.score, b.total, b.passed, b.seconds,
                   (select count(*) from quizzes.attempts x where x.quiz_id = @quizId and x.member_id = b.member_id)::int as Attempts
            from best b order by b.score desc, b.seconds, b.member_id
            limit @Top
            """, new { quizId = quiz.Id, unionIds, Top }, cancellationToken: ct))).ToList();
        await conn.CloseAsync();
        var people = await memberDirectory.FindManyAsync(best.Select(b => b.MemberId).ToList(), ct);
        await conn.OpenAsync(ct);
        var rows = new List<LeaderboardRow>();
        foreach (var (b, i) in best.Select((b, i) => (b, i)))
        {
            var who = people.GetValueOrDefault(b.MemberId);
            var seconds = (int)Math.Round(b.Seconds);
            rows.Add(new LeaderboardRow(i + 1, b.MemberId, who?.Name ?? "", who?.MemberNo, b.UnionId, await UnionNameAsync(b.UnionId, ct), b.Score, b.Total,
                b.Score * 100 / b.Total, seconds, QuizTime.Duration(TimeSpan.FromSeconds(seconds), QuizTime.English), b.Passed, b.Attempts));
        }

        var standings = new List<UnionStanding>();
        var expired = 0;
        if (staffView)
        {
            var perUnion = await conn.QueryAsync<StandingRow>(new CommandDefinition("""
                with best as (
                    select distinct on (a.member_id) a.member_id, a.union_id, a.score * 100 / a.total as percent, a.passed
                    from quizzes.attempts a
                    where a.quiz_id = @quizId and a.status = 2 and a.union_id = any(@unionIds)
                    order by a.member_id, a.score desc, a.submitted_at - a.started_at, a.id)
                select union_id as UnionId, count(*)::int as Participants, count(*) filter (where passed)::int as Passed,
                       round(avg(percent))::int as AveragePercent, max(percent)::int as BestPercent
                from best group by union_id order by count(*) desc, union_id
                """, new { quizId = quiz.Id, unionIds }, cancellationToken: ct));
            foreach (var s in perUnion)
                standings.Add(new UnionStanding(s.UnionId, await UnionNameAsync(s.UnionId, ct), s.Participants, s.Passed, s.AveragePercent, s.BestPercent));
            expired = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "select count(*)::int from quizzes.attempts where quiz_id = @quizId and status = 3 and union_id = any(@unionIds)", new { quizId = quiz.Id, unionIds }, cancellationToken: ct));
        }
        var publisherName = await UnionNameAsync(quiz.UnionId, ct);
        return new Leaderboard(quizzes.View(quiz, publisherName), union.Id, union.Name, rows, standings, expired);
    }

    private async Task<string> UnionNameAsync(long id, CancellationToken ct) => (await directory.FindAsync(id, ct))?.Name ?? "";

    private sealed record BestRow(long MemberId, long UnionId, int Score, int Total, bool Passed, double Seconds, int Attempts);

    private sealed record StandingRow(long UnionId, int Participants, int Passed, int AveragePercent, int BestPercent);
}
