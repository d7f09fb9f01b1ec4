using Dapper;
using Npgsql;

namespace UnionOne.Modules.Members.Import;

/// <summary>One import batch as stored (summary of the validation and, once committed, its result).</summary>
internal sealed record ImportHead(
    long Id, long UnionId, string FileName, string FileKind, short Status, int TotalRows, int ValidRows, int ErrorRows, int UnchangedRows,
    int? InsertedRows, int? SkippedRows, long? CreatedBy, DateTime CreatedAt, DateTime ExpiresAt, DateTime? CommittedAt)
{
    /// <summary>validated (awaiting commit), committed or expired.</summary>
    public string State => Status switch
    {
        2 => "committed",
        3 => "expired",
        _ => ExpiresAt < DateTime.UtcNow ? "expired" : "validated",
    };
}

public sealed record ImportErrorItem(int Row, string Column, string Reason);

public sealed record ImportErrorPage(int Page, int PageSize, long Total, IReadOnlyList<ImportErrorItem> Items);

internal sealed class ImportQueries(NpgsqlDataSource dataSource)
{
    private const string HeadColumns = """
        id, union_id as UnionId, file_name as FileName, file_kind as FileKind, status, total_rows as TotalRows, valid_rows as ValidRows,
        error_rows as ErrorRows, unchanged_rows as UnchangedRows, inserted_rows as InsertedRows, skipped_rows as SkippedRows,
        created_by as CreatedBy, created_at as CreatedAt, expires_at as ExpiresAt, committed_at as CommittedAt
        """;

    public const int DefaultPageSize = 50;

    public async Task<ImportHead?> FindAsync(long importId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ImportHead>(new CommandDefinition(
            $"select {HeadColumns} from members.imports where id = @importId", new { importId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ImportHead>> RecentByStaffAsync(long staffId, int limit, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<ImportHead>(new CommandDefinition(
            $"select {HeadColumns} from members.imports where created_by = @staffId order by id desc limit @limit",
            new { staffId, limit }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<ImportErrorPage> ErrorsAsync(long importId, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from members.import_errors where import_id = @importId", new { importId }, cancellationToken: ct));
        var items = await conn.QueryAsync<ImportErrorItem>(new CommandDefinition("""
            select row_no as Row, column_name as Column, message as Reason from members.import_errors
            where import_id = @importId order by row_no, column_no, message
            limit @pageSize offset @offset
            """, new { importId, pageSize, offset = (long)(page - 1) * pageSize }, cancellationToken: ct));
        return new ImportErrorPage(page, pageSize, total, items.AsList());
    }
}
