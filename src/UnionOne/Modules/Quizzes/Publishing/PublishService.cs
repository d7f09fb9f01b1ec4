using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Quizzes.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Publishing;

/// <summary>Staff publish quizzes to their union's subtree and list the quizzes of a subtree.</summary>
internal sealed class PublishService(NpgsqlDataSource dataSource, QuizStaff staff, IOrganisationDirectory directory, TimeProvider clock, IStringLocalizer<QuizzesText> l)
{
    public const int MaxQuestions = 200;

    internal const string QuizColumns = """
        z.id, z.union_id as UnionId, z.bank_id as BankId, z.title, z.description,
        (select count(*) from quizzes.quiz_questions qq where qq.quiz_id = z.id)::int as Questions,
        z.time_limit_seconds as TimeLimitSeconds, z.max_attempts as MaxAttempts, z.pass_percent as PassPercent, z.awards_points as AwardsPoints,
        z.opens_at as OpensAt, z.closes_at as ClosesAt,
        (select count(distinct a.member_id) from quizzes.attempts a where a.quiz_id = z.id)::int as Participants,
        (select count(distinct a.member_id) from quizzes.attempts a where a.quiz_id = z.id and a.passed)::int as Passed
        """;

    public async Task<QuizView> PublishAsync(QuizRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.UnionId is not > 0) errors["unionId"] = [l["请选择工会"]];
        if (r.BankId is not > 0) errors["bankId"] = [l["请选择题库"]];
        var title = (r.Title ?? "").Trim();
        if (title.Length is < 2 or > 60) errors["title"] = [l["请填写竞赛名称（2-60个字）"]];
        var description = string.IsNullOrWhiteSpace(r.Description) ? null : r.Description.Trim();
        if (description is { Length: > 500 }) errors["description"] = [l["说明不超过500个字"]];
        if (r.TimeLimitMinutes is not (>= 1 and <= 240)) errors["timeLimitMinutes"] = [l["答题时限须为1-240分钟"]];
        if (r.MaxAttempts is not (>= 1 and <= 10)) errors["maxAttempts"] = [l["答题次数须为1-10次"]];
        if (r.PassPercent is not (>= 0 and <= 100)) errors["passPercent"] = [l["及格线须为0-100分"]];
        var now = clock.GetUtcNow().UtcDateTime;
        if (r.OpensAt is null) errors["opensAt"] = [l["请填写开始时间"]];
        if (r.ClosesAt is null) errors["closesAt"] = [l["请填写截止时间"]];
        else if (r.ClosesAt.Value.UtcDateTime <= now) errors["closesAt"] = [l["截止时间须晚于现在"]];
        else if (r.OpensAt is { } o && r.ClosesAt.Value <= o) errors["closesAt"] = [l["截止时间须晚于开始时间"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        var union = await staff.RequireAsync(r.UnionId!.Value, QuizStaff.Manage, ct);
        var scope = await staff.ScopeAsync(ct);
        long id;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var bankUnion = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "select union_id from quizzes.banks where id = @bankId", new { bankId = r.BankId }, tx, cancellationToken: ct));
        if (bankUnion != union.Id) throw new InputValidationException("bankId", l["请选择本工会的题库"]);
        var available = (await conn.QueryAsync<long>(new CommandDefinition(
            "select id from quizzes.questions where bank_id = @bankId and not retired order by id", new { bankId = r.BankId }, tx, cancellationToken: ct))).ToList();
        List<long> chosen;
        if (r.QuestionIds is { Count: > 0 } ids)
        {
            chosen = ids.Distinct().ToList();
            if (chosen.Any(id => !available.Contains(id))) throw new InputValidationException("questionIds", l["所选题目须来自该题库且未停用"]);
        }
        else chosen = available;
        if (chosen.Count == 0) throw new InputValidationException("questionIds", l["该题库还没有可用的题目，请先添加题目"]);
        if (chosen.Count > MaxQuestions) throw new InputValidationException("questionIds", l["每场竞赛最多{0}道题", MaxQuestions]);

        id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into quizzes.quizzes (union_id, bank_id, title, description, time_limit_seconds, max_attempts, pass_percent, awards_points, opens_at, closes_at, created_by)
            values (@unionId, @bankId, @title, @description, @seconds, @maxAttempts, @passPercent, @awardsPoints, @opensAt, @closesAt, @staffId)
            returning id
            """, new
        {
            unionId = union.Id, bankId = r.BankId, title, description, seconds = r.TimeLimitMinutes!.Value * 60, maxAttempts = (short)r.MaxAttempts!.Value,
            passPercent = (short)r.PassPercent!.Value, awardsPoints = r.AwardsPoints, opensAt = r.OpensAt!.Value.UtcDateTime, closesAt = r.ClosesAt!.Value.UtcDateTime,
            staffId = scope.StaffId,
        }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into quizzes.quiz_questions (quiz_id, question_id, position)
            select @id, q, p::smallint from unnest(@chosen::bigint[]) with ordinality as t(q, p)
            """, new { id, chosen = chosen.ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        }
        return await GetAsync(id, ct);
    }

    /// <summary>A quiz for staff (404 outside their subtree).</summary>
    public async Task<QuizView> GetAsync(long quizId, CancellationToken ct)
    {
        var row = await FindAsync(quizId, ct) ?? throw new NotFoundException(l["未找到该竞赛"]);
        var union = await staff.RequireObjectAsync(row.UnionId, Permission.Read, l["未找到该竞赛"], ct);
        return View(row, union.Name);
    }

    /// <summary>Quizzes published by the union and by unions below it, newest first.</summary>
    public async Task<IReadOnlyList<QuizView>> ListAsync(long unionId, CancellationToken ct)
    {
        await staff.RequireAsync(unionId, Permission.Read, ct);
        var subtree = await staff.SubtreeAsync(unionId, ct);
        List<QuizRow> rows;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            rows = (await conn.QueryAsync<QuizRow>(new CommandDefinition(
                $"select {QuizColumns} from quizzes.quizzes z where z.union_id = any(@ids) order by z.id desc limit 200",
                new { ids = subtree.UnionIds.ToArray() }, cancellationToken: ct))).ToList();
        var list = new List<QuizView>();
        foreach (var row in rows) list.Add(View(row, (await directory.FindAsync(row.UnionId, ct))?.Name ?? ""));
        return list;
    }

    public async Task<QuizRow?> FindAsync(long quizId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await FindAsync(conn, quizId, ct);
    }

    /// <summary>The same on a connection the caller holds (never open a second connection while holding one).</summary>
    public static async Task<QuizRow?> FindAsync(NpgsqlConnection conn, long quizId, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<QuizRow>(new CommandDefinition(
            $"select {QuizColumns} from quizzes.quizzes z where z.id = @quizId", new { quizId }, cancellationToken: ct));

    public QuizView View(QuizRow r, string unionName)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (state, label) = now < r.OpensAt ? ("upcoming", "未开始") : now >= r.ClosesAt ? ("closed", "已结束") : ("open", "进行中");
        return new QuizView(r.Id, r.UnionId, unionName, r.BankId, r.Title, r.Description, r.Questions, r.TimeLimitSeconds / 60, r.MaxAttempts, r.PassPercent,
            r.AwardsPoints, r.OpensAt, r.ClosesAt, state, l[label], r.Participants, r.Passed);
    }

    internal sealed record QuizRow(long Id, long UnionId, long BankId, string Title, string? Description, int Questions, int TimeLimitSeconds, short MaxAttempts,
        short PassPercent, bool AwardsPoints, DateTime OpensAt, DateTime ClosesAt, int Participants, int Passed);
}
