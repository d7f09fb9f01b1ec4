using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Wallet.Disbursements.Upload;

/// <summary>An uploaded list with the draft's details typed beside it; <see cref="DefaultAmountFen"/> for rows without 金额(元).</summary>
internal sealed record UploadInput(long UnionId, DraftDetails Details, long? DefaultAmountFen, string FileName, Stream File);

/// <summary>
/// Disbursement by list (按名单发放): the .xlsx is read (columns 会员编号, or 姓名 + 身份证号 masked like 330102********1234;
/// optional 金额(元)), every row is matched through the Members module's contract in a few bulk look-ups, and the report is
/// stored row by row (matched / not found / outside the union's subtree / duplicate / bad amount ...). Nothing else is
/// created until the staff member commits a clean list (every row matched, no member twice): then the draft and its lines.
/// </summary>
internal sealed class UploadService(
    NpgsqlDataSource dataSource, DisbursementAccess access, IOrganisationDirectory unions, IMemberSelection selection, DraftWriter writer,
    IOptions<DisbursementOptions> options, IStringLocalizer<WalletText> l)
{
    private const int ReportProblemRows = 500;
    private const int ReportMatchedRows = 20;

    public async Task<long> CheckAsync(UploadInput input, Dictionary<string, string[]>? earlierErrors, CancellationToken ct)
    {
        var o = options.Value;
        var errors = earlierErrors ?? [];
        var details = input.Details.Validate(errors, l);
        long? defaultAmount = null;
        if (input.DefaultAmountFen is not null || errors.ContainsKey("amountFen"))
            defaultAmount = DraftDetails.CheckAmount(input.DefaultAmountFen, "amountFen", o, errors, l);
        if (input.UnionId <= 0) errors["unionId"] = [l["请选择发放工会"]];
        DraftDetails.ThrowIfAny(errors, l);
        var (scope, union) = await access.RequireUnionAsync(Permission.ManageMoney, input.UnionId, ct);
        if (!union.IsActive) throw new BusinessRuleException(l["该工会已撤销或合并，不能发放"]);

        List<ListRow> rows;
        try
        {
            rows = XlsxList.Read(input.File, o.MaxMembers);
        }
        catch (ListFileException e)
        {
            throw new InputValidationException("file", l[e.Message]);
        }
        if (rows.Count == 0) throw new InputValidationException("file", l["文件中没有内容"]);
        var columns = Columns(rows[0]);
        if (columns.MemberNo < 0 && (columns.Name < 0 || columns.IdNumber < 0))
            throw new InputValidationException("file", l["第一行须为表头，包含“会员编号”列，或“姓名”和“身份证号”列（可选“金额(元)”列）"]);
        var data = rows.Skip(1).ToList();
        if (data.Count == 0) throw new InputValidationException("file", l["名单中没有会员（表头下没有数据行）"]);
        if (data.Count > o.MaxMembers) throw new InputValidationException("file", l["一次发放最多{0}人，请拆分名单", o.MaxMembers]);
        if (columns.Amount < 0 && defaultAmount is null) throw new InputValidationException("amountFen", l["名单中没有“金额(元)”列，请填写每人发放金额"]);

        var checkedRows = await CheckRowsAsync(union, data, columns, defaultAmount, o, ct);
        var matched = checkedRows.Where(r => r.Outcome == UploadOutcome.Matched).ToList();
        var fileName = Platform.Web.UploadFileName.Clean(input.FileName, 120, "名单.xlsx");

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into wallet.disbursement_uploads (union_id, created_by, file_name, title, purpose, categories, valid_days, default_amount,
                                                     total_rows, matched_rows, problem_rows, matched_total)
            values (@unionId, @staffId, @fileName, @Title, @Purpose, @categories, @ValidDays, @defaultAmount, @total, @matched, @problems, @matchedTotal)
            returning id
            """, new
        {
            unionId = union.Id,
            staffId = scope.StaffId,
            fileName,
            details.Title,
            details.Purpose,
            categories = details.Categories?.Select(c => (short)c).ToArray(),
            details.ValidDays,
            defaultAmount,
            total = checkedRows.Count,
            matched = matched.Count,
            problems = checkedRows.Count - matched.Count,
            matchedTotal = matched.Sum(r => r.Amount ?? 0),
        }, tx, cancellationToken: ct));
        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy wallet.disbursement_upload_rows (upload_id, row_no, outcome, member_id, member_no, name, amount, message) from stdin (format binary)", ct))
        {
            foreach (var r in checkedRows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.RowNo, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((short)r.Outcome, NpgsqlDbType.Smallint, ct);
                await WriteNullableAsync(copy, r.MemberId, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(copy, r.MemberNo, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, r.Name, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, r.Amount, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.Message, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return id;
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, type, ct);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, long? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is { } v) await copy.WriteAsync(v, type, ct);
        else await copy.WriteNullAsync(ct);
    }

    private sealed record CheckedRow(int RowNo, UploadOutcome Outcome, long? MemberId, string? MemberNo, string? Name, long? Amount, string Message);

    private async Task<List<CheckedRow>> CheckRowsAsync(UnionSummary union, List<ListRow> data, ListColumns columns, long? defaultAmount,
        DisbursementOptions o, CancellationToken ct)
    {
        var lookups = new MemberLookup[data.Count];
        var early = new CheckedRow?[data.Count];
        var amounts = new long[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var row = data[i];
            var memberNo = Text(row[columns.MemberNo]);
            var name = Text(row[columns.Name]);
            var idNumber = Text(row[columns.IdNumber])?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            lookups[i] = new MemberLookup(memberNo, name, idNumber);
            if (memberNo is null && (name is null || idNumber is null))
            {
                early[i] = new CheckedRow(row.RowNo, UploadOutcome.Incomplete, null, null, name, null, l["请填写会员编号，或同时填写姓名和身份证号"]);
                continue;
            }
            if (memberNo is null && !IdNumberShape(idNumber!, row.IsNumeric(columns.IdNumber)))
            {
                early[i] = new CheckedRow(row.RowNo, UploadOutcome.BadIdNumber, null, null, name, null,
                    l["身份证号应为18位，或按“前6位+星号+后4位”脱敏（如 330102********1234），并以文本格式保存"]);
                continue;
            }
            var (amount, amountError) = Amount(row, columns.Amount, defaultAmount, o);
            if (amountError is not null)
            {
                early[i] = new CheckedRow(row.RowNo, UploadOutcome.BadAmount, null, memberNo, name, null, amountError);
                continue;
            }
            amounts[i] = amount;
        }

        var found = await selection.LookupAsync(lookups, ct);
        var reach = await unions.SubtreeAsync([union.Id], ct);
        var subtree = reach.UnionIds.ToHashSet();
        var firstRowOf = new Dictionary<long, int>();
        var result = new List<CheckedRow>(data.Count);
        for (var i = 0; i < data.Count; i++)
        {
            if (early[i] is { } problem)
            {
                result.Add(problem);
                continue;
            }
            var row = data[i];
            var candidates = found[i];
            if (candidates.Count == 0)
            {
                result.Add(new CheckedRow(row.RowNo, UploadOutcome.NotFound, null, lookups[i].MemberNo, lookups[i].Name, amounts[i],
                    lookups[i].MemberNo is not null ? l["未找到该会员编号"] : l["未找到姓名与身份证号相符的会员"]));
                continue;
            }
            var inside = candidates.Where(c => reach.All || subtree.Contains(c.UnionId)).ToList();
            if (inside.Count > 1)
            {
                result.Add(new CheckedRow(row.RowNo, UploadOutcome.Ambiguous, null, null, lookups[i].Name, amounts[i],
                    l["有{0}名会员的姓名和脱敏身份证号都相符，请改用会员编号", inside.Count]));
                continue;
            }
            if (inside.Count == 0)
            {
                var outside = candidates[0];
                result.Add(new CheckedRow(row.RowNo, UploadOutcome.OutsideSubtree, null, outside.MemberNo, outside.Name, amounts[i],
                    l["该会员不属于{0}及其下级工会，不在本次发放范围内", union.Name]));
                continue;
            }
            var member = inside[0];
            if (member.Status != MemberStatus.Active)
            {
                result.Add(new CheckedRow(row.RowNo, UploadOutcome.NotActive, member.Id, member.MemberNo, member.Name, amounts[i],
                    l["该会员不是在会状态（{0}），不能发放", l[member.Status.Label()]]));
                continue;
            }
            if (firstRowOf.TryGetValue(member.Id, out var firstRow))
            {
                result.Add(new CheckedRow(row.RowNo, UploadOutcome.Duplicate, member.Id, member.MemberNo, member.Name, amounts[i],
                    l["与第{0}行是同一会员（{1}），同一会员在名单中只能出现一次", firstRow, member.MemberNo]));
                continue;
            }
            firstRowOf[member.Id] = row.RowNo;
            result.Add(new CheckedRow(row.RowNo, UploadOutcome.Matched, member.Id, member.MemberNo, member.Name, amounts[i], ""));
        }
        return result;
    }

    private (long Amount, string? Error) Amount(ListRow row, int column, long? defaultAmount, DisbursementOptions o)
    {
        var text = Text(row[column]);
        if (text is null)
        {
            return defaultAmount is { } d ? (d, null) : (0, l["请填写金额(元)"]);
        }
        var error = row.IsNumeric(column) ? Money.TryParseExcelNumber(text, out var fen) : Money.TryParseYuan(text, out fen);
        return error switch
        {
            Money.YuanError.None when fen > o.MaxAmountPerMemberFen => (0, l["每人金额不能超过{0}", Money.Yuan(o.MaxAmountPerMemberFen)]),
            Money.YuanError.None => (fen, null),
            Money.YuanError.FractionalFen => (0, l["金额“{0}”超过两位小数，须精确到分", text]),
            Money.YuanError.NotPositive => (0, l["金额“{0}”须大于0", text]),
            _ => (0, l["金额“{0}”不是有效的数字", text]),
        };
    }

    /// <summary>A full 18-character number or region + stars + last four, stored as text (a number cell has lost digits).</summary>
    private static bool IdNumberShape(string id, bool numericCell)
    {
        if (numericCell || id.Length is < 11 or > 18) return false;
        if (id.Length == 18 && id[..17].All(char.IsAsciiDigit) && (char.IsAsciiDigit(id[17]) || id[17] == 'X')) return true;
        var stars = id[6..^4];
        return id[..6].All(char.IsAsciiDigit) && stars.Length > 0 && stars.All(c => c == '*')
            && id[^4..^1].All(char.IsAsciiDigit) && (char.IsAsciiDigit(id[^1]) || id[^1] == 'X');
    }

    private static string? Text(string? cell) => string.IsNullOrWhiteSpace(cell) ? null : cell.Trim();

    private sealed record ListColumns(int MemberNo, int Name, int IdNumber, int Amount);

    private static ListColumns Columns(ListRow header)
    {
        int memberNo = -1, name = -1, idNumber = -1, amount = -1;
        for (var c = 0; c < header.Cells.Length; c++)
        {
            var h = (header[c] ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
            if (h.Length == 0) continue;
            if (memberNo < 0 && (h.Contains("会员编号", StringComparison.Ordinal) || h == "会员号")) memberNo = c;
            else if (name < 0 && h.Contains("姓名", StringComparison.Ordinal)) name = c;
            else if (idNumber < 0 && h.Contains("身份证", StringComparison.Ordinal)) idNumber = c;
            else if (amount < 0 && h.StartsWith("金额", StringComparison.Ordinal)) amount = c;
        }
        return new ListColumns(memberNo, name, idNumber, amount);
    }

    public async Task<UploadView> GetAsync(long uploadId, CancellationToken ct)
    {
        await access.RequireUploadAsync(uploadId, Permission.Read, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var head = await conn.QuerySingleAsync<Head>(new CommandDefinition("""
            select id, union_id as UnionId, file_name as FileName, title, purpose, categories, valid_days as ValidDays, default_amount as DefaultAmount,
                   total_rows as TotalRows, matched_rows as MatchedRows, problem_rows as ProblemRows, matched_total as MatchedTotal,
                   disbursement_id as DisbursementId, created_at as CreatedAt
            from wallet.disbursement_uploads where id = @uploadId
            """, new { uploadId }, cancellationToken: ct));
        var counts = (await conn.QueryAsync<(short Outcome, int Count)>(new CommandDefinition(
            "select outcome, count(*)::int from wallet.disbursement_upload_rows where upload_id = @uploadId group by outcome", new { uploadId }, cancellationToken: ct)))
            .ToDictionary(x => Key((UploadOutcome)x.Outcome), x => x.Count);
        var problems = await RowsAsync(conn, uploadId, "outcome <> 1", ReportProblemRows, ct);
        var matched = await RowsAsync(conn, uploadId, "outcome = 1", ReportMatchedRows, ct);
        var union = await unions.FindAsync(head.UnionId, ct);
        return new UploadView(head.Id, head.UnionId, union?.Name ?? "", head.FileName, head.Title, head.Purpose,
            head.Categories?.Select(c => (MerchantCategory)c).ToList(), head.ValidDays, head.DefaultAmount, head.TotalRows, head.MatchedRows,
            head.ProblemRows, head.MatchedTotal, head.ProblemRows == 0, head.DisbursementId, head.CreatedAt, counts, problems, matched);
    }

    private async Task<List<UploadRowView>> RowsAsync(NpgsqlConnection conn, long uploadId, string where, int take, CancellationToken ct) =>
        (await conn.QueryAsync<(int RowNo, short Outcome, long? MemberId, string? MemberNo, string? Name, long? Amount, string Message)>(new CommandDefinition($"""
            select row_no, outcome, member_id, member_no, name, amount, message from wallet.disbursement_upload_rows
            where upload_id = @uploadId and {where} order by row_no limit @take
            """, new { uploadId, take }, cancellationToken: ct)))
        .Select(r => new UploadRowView(r.RowNo, Key((UploadOutcome)r.Outcome), l[((UploadOutcome)r.Outcome).Label()], r.MemberId, r.MemberNo, r.Name, r.Amount, r.Message))
        .ToList();

    private static string Key(UploadOutcome outcome) => JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());

    /// <summary>Creates the draft from a clean checked list (once); returns the disbursement id.</summary>
    public async Task<long> CommitAsync(long uploadId, CancellationToken ct)
    {
        var (scope, union) = await access.RequireUploadAsync(uploadId, Permission.ManageMoney, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var head = await conn.QuerySingleAsync<Head>(new CommandDefinition("""
            select id, union_id as UnionId, file_name as FileName, title, purpose, categories, valid_days as ValidDays, default_amount as DefaultAmount,
                   total_rows as TotalRows, matched_rows as MatchedRows, problem_rows as ProblemRows, matched_total as MatchedTotal,
                   disbursement_id as DisbursementId, created_at as CreatedAt
            from wallet.disbursement_uploads where id = @uploadId for update
            """, new { uploadId }, tx, cancellationToken: ct));
        if (head.DisbursementId is { } existing)
            throw new BusinessRuleException(l["该名单已创建过发放草稿（编号{0}）", existing], "upload-used");
        if (head.ProblemRows > 0)
            throw new BusinessRuleException(l["名单中有{0}行未通过校验，只有全部匹配的名单才能提交；请修改后重新上传", head.ProblemRows], "upload-not-clean");
        var lines = (await conn.QueryAsync<(long MemberId, string MemberNo, long Amount)>(new CommandDefinition("""
            select member_id, member_no, amount from wallet.disbursement_upload_rows where upload_id = @uploadId and outcome = 1 order by member_id
            """, new { uploadId }, tx, cancellationToken: ct))).Select(x => new DraftLine(x.MemberId, x.MemberNo, x.Amount)).ToList();
        var details = new DraftDetails(head.Title, head.Purpose, head.Categories?.Select(c => (MerchantCategory)c).ToList(), head.ValidDays);
        var id = await writer.WriteAsync(tx, union.Id, details, DisbursementSource.Upload, new { upload = uploadId, fileName = head.FileName }, lines, scope, ct);
        await conn.ExecuteAsync(new CommandDefinition("update wallet.disbursement_uploads set disbursement_id = @id where id = @uploadId",
            new { id, uploadId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>The caller's recent uploads (newest first).</summary>
    public async Task<IReadOnlyList<(long Id, string FileName, int Total, int Problems, long? DisbursementId, DateTime CreatedAt)>> RecentAsync(CancellationToken ct)
    {
        var scope = await access.ScopeAsync(ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<(long, string, int, int, long?, DateTime)>(new CommandDefinition("""
            select id, file_name, total_rows, problem_rows, disbursement_id, created_at from wallet.disbursement_uploads
            where created_by = @staffId order by created_at desc limit 10
            """, new { staffId = scope.StaffId }, cancellationToken: ct))).AsList();
    }

    private sealed class Head
    {
        public long Id { get; set; }
        public long UnionId { get; set; }
        public string FileName { get; set; } = "";
        public string Title { get; set; } = "";
        public string Purpose { get; set; } = "";
        public short[]? Categories { get; set; }
        public int? ValidDays { get; set; }
        public long? DefaultAmount { get; set; }
        public int TotalRows { get; set; }
        public int MatchedRows { get; set; }
        public int ProblemRows { get; set; }
        public long MatchedTotal { get; set; }
        public long? DisbursementId { get; set; }
        public DateTime CreatedAt { get; set; }
    }

    public static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
