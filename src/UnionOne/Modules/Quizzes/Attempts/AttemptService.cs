using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Quizzes.Domain;
using UnionOne.Modules.Quizzes.Publishing;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Attempts;

/// <summary>
/// A member starts, answers and submits attempts. The server records when an attempt started and scores it; the paper sent
/// while answering never carries the correct answers. Attempts are numbered per (quiz, member) and inserted conditionally
/// under a per-member advisory lock below the quiz's limit; the unique (quiz, member, attempt_no) is the database's backstop.
/// </summary>
internal sealed class AttemptService(
    NpgsqlDataSource dataSource,
    QuizMembers members,
    PublishService quizzes,
    IOrganisationDirectory directory,
    IPointsAwarder points,
    TimeProvider clock,
    IStringLocalizer<QuizzesText> l)
{
    /// <summary>Seconds after the deadline a submission is still accepted (network, a slow phone).</summary>
    public const int GraceSeconds = 5;

    private const string AttemptColumns = """
        a.id, a.quiz_id as QuizId, a.member_id as MemberId, a.union_id as UnionId, a.attempt_no as AttemptNo, a.started_at as StartedAt,
        a.deadline_at as DeadlineAt, a.status, a.submitted_at as SubmittedAt, a.score, a.total, a.passed, a.points
        """;

    public async Task<IReadOnlyList<MemberQuizView>> MineAsync(CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var publishers = await members.PublishersAsync(member, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<PublishService.QuizRow>(new CommandDefinition($"""
            select {PublishService.QuizColumns} from quizzes.quizzes z
            where z.union_id = any(@publishers)
              and ((z.opens_at <= @now and z.closes_at > @now)
                   or exists (select 1 from quizzes.attempts a where a.quiz_id = z.id and a.member_id = @memberId))
            order by (z.closes_at > @now) desc, z.closes_at, z.id
            limit 50
            """, new { publishers, now, memberId = member.Id }, cancellationToken: ct));
        var list = new List<MemberQuizView>();
        foreach (var row in rows) list.Add(await MemberViewAsync(conn, member, row, now, ct));
        return list;
    }

    public async Task<MemberQuizView> QuizAsync(long quizId, CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var row = await EligibleQuizAsync(member, quizId, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await MemberViewAsync(conn, member, row, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Starts an attempt, or returns the one still in progress (a second tap resumes it).</summary>
    public async Task<AttemptView> StartAsync(long quizId, CancellationToken ct)
    {
        var member = await members.RequireActiveAsync(ct);
        var quiz = await EligibleQuizAsync(member, quizId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (now < quiz.OpensAt) throw new BusinessRuleException(l["竞赛尚未开始（{0}开始）", QuizTime.Text(quiz.OpensAt)], "not-open");
        if (now >= quiz.ClosesAt) throw new BusinessRuleException(l["竞赛已结束"], "closed");

        long attemptId;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtextextended('quiz-attempt:' || @quizId || ':' || @memberId, 0))",
                new { quizId, memberId = member.Id }, tx, cancellationToken: ct));
            await ExpireStaleAsync(conn, tx, quizId, member.Id, now, ct);
            var open = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select id from quizzes.attempts where quiz_id = @quizId and member_id = @memberId and status = 1 order by id desc limit 1",
                new { quizId, memberId = member.Id }, tx, cancellationToken: ct));
            if (open is { } resumed) attemptId = resumed;
            else
            {
                var inserted = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("""
                    insert into quizzes.attempts (quiz_id, member_id, union_id, attempt_no, started_at, deadline_at)
                    select @quizId, @memberId, @unionId, (coalesce(max(a.attempt_no), 0) + 1)::smallint, @now, @deadline
                    from quizzes.attempts a where a.quiz_id = @quizId and a.member_id = @memberId
                    having coalesce(max(a.attempt_no), 0) < @maxAttempts
                    returning id
                    """, new { quizId, memberId = member.Id, unionId = member.UnionId, now, deadline = now.AddSeconds(quiz.TimeLimitSeconds), maxAttempts = (int)quiz.MaxAttempts },
                    tx, cancellationToken: ct));
                attemptId = inserted ?? throw new BusinessRuleException(quiz.MaxAttempts == 1
                    ? l["该竞赛每人只能答题一次，您已答过"]
                    : l["该竞赛每人最多答题{0}次，您的答题机会已用完", quiz.MaxAttempts], "no-attempts-left");
            }
            await tx.CommitAsync(ct);
        }
        return await GetAsync(attemptId, ct);
    }

    /// <summary>The member's own attempt: the paper while in progress, the result once submitted.</summary>
    public async Task<AttemptView> GetAsync(long attemptId, CancellationToken ct)
    {
        var memberId = members.RequireId();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var attempt = await FindAttemptAsync(conn, null, attemptId, memberId, ct);
        if (attempt.Status == (short)AttemptStatus.InProgress && now > attempt.DeadlineAt.AddSeconds(GraceSeconds))
        {
            await conn.ExecuteAsync(new CommandDefinition("update quizzes.attempts set status = 3 where id = @attemptId and status = 1", new { attemptId }, cancellationToken: ct));
            attempt = attempt with { Status = (short)AttemptStatus.Expired };
        }
        return await ViewAsync(conn, attempt, now, ct);
    }

    public async Task<AttemptView> SubmitAsync(long attemptId, SubmitRequest request, CancellationToken ct)
    {
        var memberId = members.RequireId();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var attempt = await FindAttemptAsync(conn, null, attemptId, memberId, ct);
        var paper = await PaperAsync(conn, null, attempt.QuizId, ct);
        var answers = Check(request, paper);

        var now = clock.GetUtcNow().UtcDateTime;
        var quiz = await PublishService.FindAsync(conn, attempt.QuizId, ct) ?? throw new NotFoundException(l["未找到该竞赛"]);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            attempt = await FindAttemptAsync(conn, tx, attemptId, memberId, ct, forUpdate: true);
            switch ((AttemptStatus)attempt.Status)
            {
                case AttemptStatus.Submitted: throw new BusinessRuleException(l["本次答题已交卷，不能重复提交"], "already-submitted");
                case AttemptStatus.Expired: throw new BusinessRuleException(l["本次答题已超过时限，已作废"], "expired");
            }
            if (now > attempt.DeadlineAt.AddSeconds(GraceSeconds))
            {
                await conn.ExecuteAsync(new CommandDefinition("update quizzes.attempts set status = 3 where id = @attemptId", new { attemptId }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                throw new BusinessRuleException(l["已超过答题时限（{0}分钟），本次答题作废，答案未被记录", quiz.TimeLimitSeconds / 60], "time-limit");
            }

            var score = 0;
            foreach (var q in paper)
            {
                var chosen = answers.GetValueOrDefault(q.Id, []);
                var right = chosen.Length > 0 && chosen.SequenceEqual(q.Correct.Order());
                if (right) score++;
                if (chosen.Length > 0)
                    await conn.ExecuteAsync(new CommandDefinition(
                        "insert into quizzes.answers (attempt_id, question_id, chosen, correct) values (@attemptId, @questionId, @chosen, @right)",
                        new { attemptId, questionId = q.Id, chosen, right }, tx, cancellationToken: ct));
            }
            var total = paper.Count;
            var passed = score * 100 >= quiz.PassPercent * total;
            long? awarded = null;
            if (passed && quiz.AwardsPoints)
            {
                var earlier = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "select exists (select 1 from quizzes.attempts where quiz_id = @quizId and member_id = @memberId and points is not null)",
                    new { quizId = quiz.Id, memberId }, tx, cancellationToken: ct));
                if (!earlier) awarded = await points.AwardAsync(memberId, attempt.UnionId, PointsEvent.Quiz, $"quiz:{quiz.Id}", tx, ct);
            }
            await conn.ExecuteAsync(new CommandDefinition("""
                update quizzes.attempts set status = 2, submitted_at = @now, score = @score, total = @total, passed = @passed, points = @awarded
                where id = @attemptId
                """, new { attemptId, now, score, total, passed, awarded }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        return await ViewAsync(conn, await FindAttemptAsync(conn, null, attemptId, memberId, ct), now, ct);
    }

    /// <summary>The answers as option sets per question; 400 (nothing stored) for a question not in the quiz or an impossible choice.</summary>
    private Dictionary<long, short[]> Check(SubmitRequest request, IReadOnlyList<PaperRow> paper)
    {
        if (request.Answers is null) throw new InputValidationException("answers", l["请提交答案"]);
        var byId = paper.ToDictionary(q => q.Id);
        var result = new Dictionary<long, short[]>();
        foreach (var a in request.Answers)
        {
            if (!byId.TryGetValue(a.QuestionId, out var q))
                throw new InputValidationException("answers", l["答案中有不属于本竞赛的题目（题目编号{0}），请刷新后重新作答", a.QuestionId]);
            if (result.ContainsKey(q.Id)) throw new InputValidationException("answers", l["第{0}题提交了多次答案", q.Position]);
            var chosen = (a.Choices ?? []).Distinct().Order().ToArray();
            if (chosen.Any(c => c < 1 || c > q.Options.Length)) throw new InputValidationException("answers", l["第{0}题的选项无效", q.Position]);
            if (q.Kind != (short)QuestionKind.Multiple && chosen.Length > 1) throw new InputValidationException("answers", l["第{0}题只能选择一个答案", q.Position]);
            result[q.Id] = chosen.Select(c => (short)c).ToArray();
        }
        return result;
    }

    private async Task<MemberQuizView> MemberViewAsync(NpgsqlConnection conn, MemberRef member, PublishService.QuizRow row, DateTime now, CancellationToken ct)
    {
        await ExpireStaleAsync(conn, null, row.Id, member.Id, now, ct);
        var attempts = (await conn.QueryAsync<AttemptRow>(new CommandDefinition(
            $"select {AttemptColumns} from quizzes.attempts a where a.quiz_id = @quizId and a.member_id = @memberId order by a.attempt_no",
            new { quizId = row.Id, memberId = member.Id }, cancellationToken: ct))).ToList();
        var unionName = (await directory.FindAsync(row.UnionId, ct))?.Name ?? "";
        var quiz = quizzes.View(row, unionName);
        var inProgress = attempts.LastOrDefault(a => a.Status == (short)AttemptStatus.InProgress)?.Id;
        string? why = inProgress is not null ? null
            : now < row.OpensAt ? l["竞赛尚未开始"].Value
            : now >= row.ClosesAt ? l["竞赛已结束"].Value
            : attempts.Count >= row.MaxAttempts ? l["答题机会已用完"].Value
            : null;
        var submitted = attempts.Where(a => a.Status == (short)AttemptStatus.Submitted).ToList();
        return new MemberQuizView(quiz, attempts.Count, submitted.Count == 0 ? null : submitted.Max(a => a.Score), submitted.Any(a => a.Passed == true), inProgress,
            why is null, why,
            attempts.Select(a => new MyAttempt(a.Id, a.AttemptNo, QuizLabels.Code((AttemptStatus)a.Status), l[QuizLabels.Status((AttemptStatus)a.Status)], a.StartedAt,
                a.Score, a.Total, a.Passed)).ToList());
    }

    private async Task<PublishService.QuizRow> EligibleQuizAsync(MemberRef member, long quizId, CancellationToken ct)
    {
        var quiz = await quizzes.FindAsync(quizId, ct) ?? throw new NotFoundException(l["未找到该竞赛"]);
        var publishers = await members.PublishersAsync(member, ct);
        if (!publishers.Contains(quiz.UnionId)) throw new NotFoundException(l["未找到该竞赛"]);
        return quiz;
    }

    private static Task ExpireStaleAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long quizId, long memberId, DateTime now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "update quizzes.attempts set status = 3 where quiz_id = @quizId and member_id = @memberId and status = 1 and deadline_at < @cutoff",
            new { quizId, memberId, cutoff = now.AddSeconds(-GraceSeconds) }, tx, cancellationToken: ct));

    private async Task<AttemptRow> FindAttemptAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long attemptId, long memberId, CancellationToken ct, bool forUpdate = false) =>
        await conn.QuerySingleOrDefaultAsync<AttemptRow>(new CommandDefinition(
            $"select {AttemptColumns} from quizzes.attempts a where a.id = @attemptId and a.member_id = @memberId" + (forUpdate ? " for update" : ""),
            new { attemptId, memberId }, tx, cancellationToken: ct)) ?? throw new NotFoundException(l["未找到该答题记录"]);

    internal static async Task<IReadOnlyList<PaperRow>> PaperAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long quizId, CancellationToken ct) =>
        (await conn.QueryAsync<PaperRow>(new CommandDefinition("""
            select q.id, qq.position::int as Position, q.kind, q.text, q.options, q.correct, q.explanation
            from quizzes.quiz_questions qq join quizzes.questions q on q.id = qq.question_id
            where qq.quiz_id = @quizId order by qq.position
            """, new { quizId }, tx, cancellationToken: ct))).ToList();

    private async Task<AttemptView> ViewAsync(NpgsqlConnection conn, AttemptRow a, DateTime now, CancellationToken ct)
    {
        var quiz = await PublishService.FindAsync(conn, a.QuizId, ct) ?? throw new NotFoundException(l["未找到该竞赛"]);
        var status = (AttemptStatus)a.Status;
        var paper = await PaperAsync(conn, null, a.QuizId, ct);
        IReadOnlyList<PaperQuestion> questions = [];
        AttemptResult? result = null;
        if (status == AttemptStatus.InProgress)
            questions = paper.Select(q => new PaperQuestion(q.Id, q.Position, QuizLabels.Code((QuestionKind)q.Kind), l[QuizLabels.Kind((QuestionKind)q.Kind)], q.Text, Options(q))).ToList();
        else if (status == AttemptStatus.Submitted)
        {
            var chosen = (await conn.QueryAsync<AnswerRow>(new CommandDefinition(
                "select question_id as QuestionId, chosen from quizzes.answers where attempt_id = @id", new { id = a.Id }, cancellationToken: ct))).ToDictionary(r => r.QuestionId, r => r.Chosen);
            var reviewed = paper.Select(q =>
            {
                var c = chosen.GetValueOrDefault(q.Id, []);
                return new ReviewedQuestion(q.Id, q.Position, QuizLabels.Code((QuestionKind)q.Kind), l[QuizLabels.Kind((QuestionKind)q.Kind)], q.Text, Options(q),
                    c.Select(x => (int)x).ToArray(), q.Correct.Select(x => (int)x).ToArray(), c.Length > 0 && c.Order().SequenceEqual(q.Correct.Order()), q.Explanation);
            }).ToList();
            var seconds = (int)Math.Round((a.SubmittedAt!.Value - a.StartedAt).TotalSeconds);
            result = new AttemptResult(a.Score!.Value, a.Total!.Value, a.Score.Value * 100 / a.Total.Value, quiz.PassPercent, a.Passed!.Value, a.Points, seconds,
                QuizTime.Duration(TimeSpan.FromSeconds(seconds), QuizTime.English), reviewed);
        }
        var remaining = status == AttemptStatus.InProgress ? (int)Math.Max(0, Math.Ceiling((a.DeadlineAt - now).TotalSeconds)) : 0;
        return new AttemptView(a.Id, a.QuizId, quiz.Title, a.AttemptNo, quiz.MaxAttempts, QuizLabels.Code(status), l[QuizLabels.Status(status)], a.StartedAt, a.DeadlineAt,
            remaining, questions, result);
    }

    private IReadOnlyList<string> Options(PaperRow q) =>
        q.Kind == (short)QuestionKind.TrueFalse ? q.Options.Select(o => l[o].Value).ToArray() : q.Options;

    /// <summary>A class, not a positional record: Dapper matches constructors by the reader's field types, and arrays report System.Array.</summary>
    internal sealed class PaperRow
    {
        public long Id { get; init; }

        public int Position { get; init; }

        public short Kind { get; init; }

        public string Text { get; init; } = "";

        public string[] Options { get; init; } = [];

        public short[] Correct { get; init; } = [];

        public string? Explanation { get; init; }
    }

    private sealed class AnswerRow
    {
        public long QuestionId { get; init; }

        public short[] Chosen { get; init; } = [];
    }

    private sealed record AttemptRow(long Id, long QuizId, long MemberId, long UnionId, short AttemptNo, DateTime StartedAt, DateTime DeadlineAt, short Status,
        DateTime? SubmittedAt, int? Score, int? Total, bool? Passed, long? Points);
}
