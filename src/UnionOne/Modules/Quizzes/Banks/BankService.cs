using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Quizzes.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Banks;

/// <summary>Question banks (题库) of a union: create, list, add and retire questions. Staff only, within their subtree.</summary>
internal sealed class BankService(NpgsqlDataSource dataSource, QuizStaff staff, IStringLocalizer<QuizzesText> l)
{
    public const int MaxOptions = 8;

    private const string BankColumns = """
        b.id, b.union_id as UnionId, '' as UnionName, b.name, (select count(*) from quizzes.questions q where q.bank_id = b.id and not q.retired)::int as Questions,
        b.created_at as CreatedAt
        """;

    public async Task<IReadOnlyList<BankView>> ListAsync(long unionId, CancellationToken ct)
    {
        var union = await staff.RequireAsync(unionId, Permission.Read, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<BankView>(new CommandDefinition(
            $"select {BankColumns} from quizzes.banks b where b.union_id = @unionId order by b.id desc", new { unionId }, cancellationToken: ct));
        return rows.Select(b => b with { UnionName = union.Name }).ToList();
    }

    public async Task<BankView> CreateAsync(BankRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.UnionId is not > 0) errors["unionId"] = [l["请选择工会"]];
        var name = (request.Name ?? "").Trim();
        if (name.Length is < 2 or > 40) errors["name"] = [l["请填写题库名称（2-40个字）"]];
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        var union = await staff.RequireAsync(request.UnionId!.Value, QuizStaff.Manage, ct);
        var scope = await staff.ScopeAsync(ct);
        long id;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
            id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "insert into quizzes.banks (union_id, name, created_by) values (@unionId, @name, @staffId) returning id",
                new { unionId = union.Id, name, staffId = scope.StaffId }, cancellationToken: ct));
        return (await GetAsync(id, ct)).Bank;
    }

    public async Task<BankDetail> GetAsync(long bankId, CancellationToken ct)
    {
        BankView bank;
        await using (var first = await dataSource.OpenConnectionAsync(ct))
            bank = await first.QuerySingleOrDefaultAsync<BankView>(new CommandDefinition(
                $"select {BankColumns} from quizzes.banks b where b.id = @bankId", new { bankId }, cancellationToken: ct)) ?? throw new NotFoundException(l["未找到该题库"]);
        var union = await staff.RequireObjectAsync(bank.UnionId, Permission.Read, l["未找到该题库"], ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<QuestionRow>(new CommandDefinition(
            "select id, kind, text, options, correct, explanation, retired from quizzes.questions where bank_id = @bankId order by retired, id",
            new { bankId }, cancellationToken: ct));
        return new BankDetail(bank with { UnionName = union.Name }, rows.Select(r => r.View(l)).ToList());
    }

    public async Task<QuestionView> AddQuestionAsync(long bankId, QuestionRequest request, CancellationToken ct)
    {
        var bank = await FindBankAsync(bankId, ct);
        await staff.RequireObjectAsync(bank.UnionId, QuizStaff.Manage, l["未找到该题库"], ct);
        var (kind, text, options, correct, explanation) = Validate(request);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleAsync<QuestionRow>(new CommandDefinition("""
            insert into quizzes.questions (bank_id, kind, text, options, correct, explanation)
            values (@bankId, @kind, @text, @options, @correct, @explanation)
            returning id, kind, text, options, correct, explanation, retired
            """, new { bankId, kind = (short)kind, text, options, correct, explanation }, cancellationToken: ct));
        return row.View(l);
    }

    /// <summary>Retires a question: new quizzes no longer draw it; quizzes already published keep it.</summary>
    public async Task RetireQuestionAsync(long bankId, long questionId, CancellationToken ct)
    {
        var bank = await FindBankAsync(bankId, ct);
        await staff.RequireObjectAsync(bank.UnionId, QuizStaff.Manage, l["未找到该题库"], ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(
            "update quizzes.questions set retired = true where id = @questionId and bank_id = @bankId", new { questionId, bankId }, cancellationToken: ct));
        if (changed == 0) throw new NotFoundException(l["未找到该题目"]);
    }

    private async Task<BankKey> FindBankAsync(long bankId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<BankKey>(new CommandDefinition(
            "select id, union_id as UnionId from quizzes.banks where id = @bankId", new { bankId }, cancellationToken: ct)) ?? throw new NotFoundException(l["未找到该题库"]);
    }

    private sealed record BankKey(long Id, long UnionId);

    private (QuestionKind Kind, string Text, string[] Options, short[] Correct, string? Explanation) Validate(QuestionRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = QuizLabels.ParseKind(r.Kind);
        if (kind is null) errors["kind"] = [l["请选择题型（单选、多选或判断）"]];
        var text = (r.Text ?? "").Trim();
        if (text.Length is < 2 or > 300) errors["text"] = [l["请填写题目（2-300个字）"]];
        var explanation = string.IsNullOrWhiteSpace(r.Explanation) ? null : r.Explanation.Trim();
        if (explanation is { Length: > 500 }) errors["explanation"] = [l["解析不超过500个字"]];

        string[] options = kind == QuestionKind.TrueFalse
            ? [QuizLabels.True, QuizLabels.False]
            : (r.Options ?? []).Select(o => (o ?? "").Trim()).Where(o => o.Length > 0).ToArray();
        if (kind is not null and not QuestionKind.TrueFalse)
        {
            if (options.Length is < 2 or > MaxOptions || options.Any(o => o.Length > 100)) errors["options"] = [l["请填写2-8个选项，每个不超过100个字"]];
            else if (options.Distinct().Count() != options.Length) errors["options"] = [l["选项不能重复"]];
        }
        var correct = (r.Correct ?? []).Distinct().Order().ToArray();
        if (kind is not null && !errors.ContainsKey("options"))
        {
            if (correct.Length == 0) errors["correct"] = [kind == QuestionKind.TrueFalse ? l["请选择判断题的正确答案"] : l["请选择正确答案"]];
            else if (correct.Any(c => c < 1 || c > options.Length)) errors["correct"] = [l["正确答案须为已填写的选项"]];
            else if (kind != QuestionKind.Multiple && correct.Length != 1) errors["correct"] = [l["单选题和判断题须有且只有一个正确答案"]];
        }
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
        return (kind!.Value, text, options, correct.Select(c => (short)c).ToArray(), explanation);
    }

    /// <summary>A class, not a positional record: Dapper matches constructors by the reader's field types, and arrays report System.Array.</summary>
    internal sealed class QuestionRow
    {
        public long Id { get; init; }

        public short Kind { get; init; }

        public string Text { get; init; } = "";

        public string[] Options { get; init; } = [];

        public short[] Correct { get; init; } = [];

        public string? Explanation { get; init; }

        public bool Retired { get; init; }

        public QuestionView View(IStringLocalizer<QuizzesText> l) => new(Id, QuizLabels.Code((QuestionKind)Kind), l[QuizLabels.Kind((QuestionKind)Kind)], Text,
            (QuestionKind)Kind == QuestionKind.TrueFalse ? Options.Select(o => l[o].Value).ToArray() : Options, Correct.Select(c => (int)c).ToArray(), Explanation, Retired);
    }
}
