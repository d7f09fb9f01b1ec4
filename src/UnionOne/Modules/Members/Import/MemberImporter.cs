using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Import.Bulk;
using UnionOne.Modules.Members.Import.Reading;
using UnionOne.Modules.Members.Import.Validation;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Members.Import;

public sealed record ImportSummary(long ImportId, int TotalRows, int ValidRows, int ErrorRows, int UnchangedRows);

public sealed record ImportCommitResult(int Inserted, int Skipped);

/// <summary>
/// Bulk import of members (批量导入), usable without HTTP (the benchmark calls it directly).
/// <see cref="ValidateAsync"/> streams the file, checks every row and stages the valid ones (binary COPY) with a
/// per-row error report, in one transaction: a file that cannot be read stages nothing.
/// <see cref="CommitAsync"/> moves the staged rows into the registry in one transaction; an ID already
/// registered meanwhile is skipped, so re-importing the same file changes nothing.
/// Callers check the staff member's permission on the union first.
/// </summary>
internal sealed class MemberImporter(
    NpgsqlDataSource dataSource,
    IPersonalDataCipher cipher,
    MemberBulkWriter bulk,
    IOrganisationDirectory directory,
    IAuditLog audit,
    IOptions<MemberImportOptions> options,
    TimeProvider clock,
    ILogger<MemberImporter> logger)
{
    private const int Validated = 1;
    private const int Committed = 2;
    private const int Expired = 3;

    public async Task<ImportSummary> ValidateAsync(long unionId, Stream file, string fileName, long? actorStaffId, CancellationToken ct = default)
    {
        var o = options.Value;
        var union = await directory.FindAsync(unionId, ct) ?? throw new NotFoundException("未找到该工会");
        if (!union.IsActive) throw new BusinessRuleException("该工会已合并或注销，不能导入会员");

        await using var seekable = await SeekableAsync(file, o.MaxFileBytes, ct);
        if (seekable.Length > o.MaxFileBytes) throw TooLarge(o);
        var kind = ImportFileSniffer.Detect(seekable, out var encoding);
        using IRowSource source = kind == ImportFileKind.Xlsx
            ? XlsxRowSource.Open(seekable, maxSharedStringChars: Math.Max(o.MaxFileBytes, 1 << 20))
            : new CsvRowSource(seekable, encoding!);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await ExpireStaleAsync(conn, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var importId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into members.imports (union_id, file_name, file_kind, created_by, expires_at)
            values (@unionId, @fileName, @kind, @actorStaffId, now() + make_interval(days => @days))
            returning id
            """, new { unionId, fileName = CleanFileName(fileName), kind = kind == ImportFileKind.Xlsx ? "xlsx" : "csv", actorStaffId, days = o.StagingDays },
            tx, cancellationToken: ct));

        var run = new Run(importId, unionId);
        var today = Today();
        var started = clock.GetTimestamp();
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var batches = Channel.CreateBounded<List<CheckedRow>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
            // Reading and row checks overlap with hashing, registry look-ups and COPY of the previous batch.
            var producer = Task.Run(async () =>
            {
                try { await ProduceAsync(source, batches.Writer, o, today, cts.Token); }
                finally { batches.Writer.TryComplete(); }
            }, CancellationToken.None);

            ExceptionDispatchInfo? consumerError = null;
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(cts.Token)) await ProcessBatchAsync(conn, run, batch, cts.Token);
            }
            catch (Exception e)
            {
                consumerError = ExceptionDispatchInfo.Capture(e);
                await cts.CancelAsync();
            }
            try
            {
                await producer;
            }
            catch when (consumerError is not null)
            {
                // The consumer's failure is the one to report.
            }
            consumerError?.Throw();
        }

        await conn.ExecuteAsync(new CommandDefinition("""
            update members.imports set total_rows = @Total, valid_rows = @Valid, error_rows = @ErrorRows, unchanged_rows = @Unchanged
            where id = @ImportId
            """, new { run.Total, run.Valid, run.ErrorRows, run.Unchanged, run.ImportId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        logger.LogInformation("Import {ImportId} into union {UnionId} validated: {Total} rows, {Valid} valid, {Errors} with errors, {Unchanged} unchanged in {Elapsed} ms",
            importId, unionId, run.Total, run.Valid, run.ErrorRows, run.Unchanged, (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return new ImportSummary(importId, run.Total, run.Valid, run.ErrorRows, run.Unchanged);
    }

    public async Task<ImportCommitResult> CommitAsync(long importId, long? actorStaffId = null, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var head = await conn.QuerySingleOrDefaultAsync<CommitHead>(new CommandDefinition("""
            select union_id as UnionId, status, valid_rows as ValidRows, file_name as FileName, expires_at < now() as IsExpired
            from members.imports where id = @importId for update
            """, new { importId }, tx, cancellationToken: ct)) ?? throw new NotFoundException("未找到该导入批次");
        if (head.Status == Committed) throw new BusinessRuleException("该批次已提交，不能重复提交", "import-committed");
        if (head.Status == Expired || head.IsExpired)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                update members.imports set status = 3 where id = @importId;
                delete from members.import_rows where import_id = @importId;
                """, new { importId }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            throw new BusinessRuleException($"该批次已超过{options.Value.StagingDays}天未提交，暂存数据已清除，请重新导入", "import-expired");
        }
        var union = await directory.FindAsync(head.UnionId, ct);
        if (union is not { IsActive: true }) throw new BusinessRuleException("该工会已合并或注销，不能提交导入");

        var staged = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from members.import_rows where import_id = @importId", new { importId }, tx, cancellationToken: ct));
        if (staged != head.ValidRows) throw new BusinessRuleException("暂存数据已丢失，请重新导入该文件", "import-staging-lost");

        var inserted = await conn.ExecuteAsync(new CommandDefinition("""
            with inserted as (
                insert into members.members (union_id, name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date,
                                             phone_enc, phone_hash, job_type, joined_on, tags, employer_name)
                select @unionId, name, id_number_enc, id_number_hash, id_suffix_hash, gender, birth_date,
                       phone_enc, phone_hash, job_type, joined_on, tags, employer_name
                from members.import_rows where import_id = @importId
                order by row_no
                on conflict (id_number_hash) do nothing
                returning id
            )
            insert into members.membership_events (member_id, kind, to_union_id, detail, actor_staff_id)
            select id, 'joined', @unionId, jsonb_build_object('import', @importId), @actorStaffId from inserted
            """, new { unionId = head.UnionId, importId, actorStaffId }, tx, commandTimeout: 600, cancellationToken: ct));
        var skipped = head.ValidRows - inserted;
        await conn.ExecuteAsync(new CommandDefinition("""
            delete from members.import_rows where import_id = @importId;
            update members.imports set status = 2, inserted_rows = @inserted, skipped_rows = @skipped, committed_by = @actorStaffId, committed_at = now()
            where id = @importId;
            """, new { importId, inserted, skipped, actorStaffId }, tx, cancellationToken: ct));
        await audit.WriteAsync(new AuditEntry(AuditActions.ImportCommitted, "member-import", importId.ToString(System.Globalization.CultureInfo.InvariantCulture), head.UnionId,
            new { importId, inserted, skipped, fileName = head.FileName }), tx, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Import {ImportId} committed: {Inserted} inserted, {Skipped} skipped", importId, inserted, skipped);
        return new ImportCommitResult(inserted, skipped);
    }

    private static async Task ProduceAsync(IRowSource source, ChannelWriter<List<CheckedRow>> writer, MemberImportOptions o, DateOnly today, CancellationToken ct)
    {
        int[]? columnOf = null;
        var searched = 0;
        var rows = 0;
        var batch = new List<CheckedRow>(o.BatchSize);
        using var e = source.ReadRows(ct).GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext()) break;
            }
            catch (Exception ex) when (ImportFileException.IsUnreadable(ex))
            {
                throw new ImportFileException($"文件已损坏，无法读取（约在第{rows + 2}行）");
            }
            var row = e.Current;
            if (row.IsEmpty) continue;
            if (columnOf is null)
            {
                columnOf = HeaderMap(row);
                if (columnOf is null && ++searched >= o.HeaderSearchRows) throw NoHeader();
                continue;
            }
            if (++rows > o.MaxRows) throw new ImportFileException($"文件超过{o.MaxRows}行数据，请拆分后分批导入");
            batch.Add(RowValidator.Check(row, columnOf, today));
            if (batch.Count >= o.BatchSize)
            {
                await writer.WriteAsync(batch, ct);
                batch = new List<CheckedRow>(o.BatchSize);
            }
        }
        if (columnOf is null) throw NoHeader();
        if (batch.Count > 0) await writer.WriteAsync(batch, ct);
    }

    /// <summary>Column positions of a header row, or null when the row is not a header (fewer than two known headers).</summary>
    private static int[]? HeaderMap(SourceRow row)
    {
        var columnOf = Enumerable.Repeat(-1, ImportColumns.Count).ToArray();
        var found = 0;
        for (var i = 0; i < row.Width; i++)
        {
            if (ImportColumns.Match(row[i]) is not { } column) continue;
            if (columnOf[(int)column] >= 0) throw new ImportFileException($"表头中“{ImportColumns.HeaderOf(column)}”列重复");
            columnOf[(int)column] = i;
            found++;
        }
        if (found < 2) return null;
        var missing = ImportColumns.Template.Where(t => t.Required && columnOf[(int)t.Column] < 0).Select(t => t.Header).ToList();
        if (missing.Count > 0) throw new ImportFileException($"缺少必填列：{string.Join("、", missing)}。请使用导入模板");
        return columnOf;
    }

    private static ImportFileException NoHeader() =>
        new($"未找到表头：第一行应为 {string.Join("、", ImportColumns.Template.Select(t => t.Header))} 等列，请使用导入模板");

    private async Task ProcessBatchAsync(NpgsqlConnection conn, Run run, List<CheckedRow> batch, CancellationToken ct)
    {
        // 1. Look-up hashes of every valid ID number (rows with other errors too: duplicates are reported on them).
        var withId = batch.Where(r => r.IdNumber is not null).ToList();
        if (withId.Count >= 256) Parallel.ForEach(withId, r => r.IdHash = cipher.LookupHash(PersonalDataPurposes.IdNumber, r.IdNumber!));
        else foreach (var r in withId) r.IdHash = cipher.LookupHash(PersonalDataPurposes.IdNumber, r.IdNumber!);

        // 2. Duplicates within the file: the first occurrence stands, later rows are errors.
        foreach (var r in withId)
        {
            if (run.FirstRowOf.TryGetValue(Key(r.IdHash!), out var first))
            {
                r.AddError(ImportColumn.IdNumber, $"与第{first}行的身份证号重复");
                r.Draft = null;
            }
            else
            {
                run.FirstRowOf[Key(r.IdHash!)] = r.RowNo;
            }
        }

        // 3. Against the registry: already a member here → unchanged; a member elsewhere → error naming that union.
        var candidates = batch.Where(r => r.Draft is not null).ToList();
        if (candidates.Count > 0)
        {
            var hashes = candidates.Select(r => r.IdHash!).ToArray();
            await using var cmd = new NpgsqlCommand("select id_number_hash, union_id, status from members.members where id_number_hash = any($1)", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            var existing = new Dictionary<UInt128, (long UnionId, short Status)>();
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) existing[Key(reader.GetFieldValue<byte[]>(0))] = (reader.GetInt64(1), reader.GetInt16(2));
            }
            foreach (var r in candidates)
            {
                if (!existing.TryGetValue(Key(r.IdHash!), out var member)) continue;
                r.Draft = null;
                if (member.UnionId == run.UnionId) run.Unchanged++;
                else r.AddError(ImportColumn.IdNumber, await ElsewhereMessageAsync(run, member.UnionId, (MemberStatus)member.Status, ct));
            }
        }

        // 4. Seal and stage the valid rows; write the errors.
        var staged = new List<MemberDraft>(candidates.Count);
        foreach (var r in candidates)
        {
            if (r.Draft is null) continue;
            r.Draft.IdNumberHash = r.IdHash;
            staged.Add(r.Draft);
        }
        if (staged.Count > 0)
        {
            bulk.Seal(staged);
            await bulk.CopyStagedAsync(conn, run.ImportId, staged, ct);
        }
        var errorRows = batch.Where(r => r.HasErrors).ToList();
        if (errorRows.Count > 0) await CopyErrorsAsync(conn, run.ImportId, errorRows, ct);

        run.Total += batch.Count;
        run.Valid += staged.Count;
        run.ErrorRows += errorRows.Count;
    }

    private async ValueTask<string> ElsewhereMessageAsync(Run run, long unionId, MemberStatus status, CancellationToken ct)
    {
        if (!run.UnionNames.TryGetValue(unionId, out var name))
        {
            name = (await directory.FindAsync(unionId, ct))?.Name ?? "其他工会";
            run.UnionNames[unionId] = name;
        }
        return status switch
        {
            MemberStatus.Active => $"已是「{name}」会员",
            MemberStatus.Transferred => $"已是「{name}」会员（会籍转移中）",
            MemberStatus.Retired => $"已在「{name}」登记为会员（已退休），请联系该工会办理",
            _ => $"已在「{name}」登记为会员（已离会），请联系该工会办理",
        };
    }

    private static async Task CopyErrorsAsync(NpgsqlConnection conn, long importId, List<CheckedRow> rows, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync(
            "copy members.import_errors (import_id, row_no, column_no, column_name, message) from stdin (format binary)", ct);
        foreach (var row in rows)
        {
            foreach (var error in row.Errors!)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(importId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(error.RowNo, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((short)error.Column, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(ImportColumns.HeaderOf(error.Column), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(error.Message, NpgsqlDbType.Text, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>Marks validated imports past their expiry as expired and deletes their staged rows.</summary>
    private static Task ExpireStaleAsync(NpgsqlConnection conn, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            with expired as (
                update members.imports set status = 3 where status = 1 and expires_at < now() returning id
            )
            delete from members.import_rows r using expired e where r.import_id = e.id
            """, cancellationToken: ct));

    /// <summary>The file as a seekable stream (xlsx needs one): the caller's when it can seek, else a temporary file.</summary>
    private static async Task<Stream> SeekableAsync(Stream file, long maxBytes, CancellationToken ct)
    {
        if (file.CanSeek)
        {
            file.Position = 0;
            return new NonClosingStream(file);
        }
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var buffer = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            await temp.WriteAsync(buffer.AsMemory(0, read), ct);
            if (temp.Length > maxBytes)
            {
                await temp.DisposeAsync();
                throw new ImportFileException("文件过大", tooLarge: true);
            }
        }
        temp.Position = 0;
        return temp;
    }

    private static ImportFileException TooLarge(MemberImportOptions o) =>
        new($"文件超过{o.MaxFileSizeText}上限，请拆分后分批导入", tooLarge: true);

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    private static UInt128 Key(byte[] hash) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan(0, 8)), BinaryPrimitives.ReadUInt64LittleEndian(hash.AsSpan(8, 8)));

    /// <summary>The name shown in reports: file name only, no path, no control characters, at most 100 characters.</summary>
    private static string CleanFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) if (!char.IsControl(c) && c is not ('<' or '>' or '"')) sb.Append(c);
        var s = sb.ToString().Trim();
        if (s.Length == 0 || s is "." or "..") s = "导入文件";
        return s.Length > 100 ? s[..100] : s;
    }

    private sealed class Run(long importId, long unionId)
    {
        public long ImportId { get; } = importId;

        public long UnionId { get; } = unionId;

        public int Total { get; set; }

        public int Valid { get; set; }

        public int ErrorRows { get; set; }

        public int Unchanged { get; set; }

        public Dictionary<UInt128, int> FirstRowOf { get; } = [];

        public Dictionary<long, string> UnionNames { get; } = [];
    }

    private sealed record CommitHead(long UnionId, short Status, int ValidRows, string FileName, bool IsExpired);

    /// <summary>Lets the importer dispose its view of the caller's stream without closing it.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
