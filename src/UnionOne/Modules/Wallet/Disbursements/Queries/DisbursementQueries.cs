using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Wallet.Disbursements.Domain;

namespace UnionOne.Modules.Wallet.Disbursements.Queries;

/// <summary>Lists and details of disbursements for staff of the subtree (404 outside it).</summary>
internal sealed class DisbursementQueries(NpgsqlDataSource dataSource, DisbursementAccess access, IOrganisationDirectory unions, IStringLocalizer<WalletText> l)
{
    private const string Select = """
        select d.id, d.union_id as UnionId, d.title, d.purpose, d.categories, d.valid_days as ValidDays, d.source, d.selection::text as Selection,
               d.status, d.member_count as MemberCount, d.total,
               coalesce((select sum(c.members) from wallet.disbursement_chunks c where c.disbursement_id = d.id and c.posted_at is not null), 0)::int as CreditedMembers,
               coalesce((select sum(c.amount) from wallet.disbursement_chunks c where c.disbursement_id = d.id and c.posted_at is not null), 0)::bigint as CreditedTotal,
               (select count(*) from wallet.disbursement_chunks c where c.disbursement_id = d.id)::int as Chunks,
               (select count(*) from wallet.disbursement_chunks c where c.disbursement_id = d.id and c.posted_at is not null)::int as ChunksPosted,
               d.created_by_name as CreatedBy, d.created_at as CreatedAt, d.submitted_at as SubmittedAt,
               d.approved_by_name as ApprovedBy, d.approved_at as ApprovedAt, d.rejected_by_name as RejectedBy, d.rejected_at as RejectedAt,
               d.reject_reason as RejectReason, d.expires_at as ExpiresAt, d.posted_at as PostedAt
        from wallet.disbursements d
        """;

    public async Task<DisbursementView> GetAsync(long id, CancellationToken ct)
    {
        await access.RequireAsync(id, Permission.Read, ct);
        return (await LoadAsync(id, ct))!;
    }

    /// <summary>The view without an access check (after a use case that checked it).</summary>
    public async Task<DisbursementView?> LoadAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " where d.id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : await ViewAsync(row, ct);
    }

    /// <summary>The newest disbursements of the caller's subtree (or of one union's subtree), optionally in one status.</summary>
    public async Task<IReadOnlyList<DisbursementView>> ListAsync(long? unionId, DisbursementStatus? status, int take, CancellationToken ct)
    {
        var scope = await access.SubtreeAsync(unionId, ct);
        if (!scope.All && scope.UnionIds.Count == 0) return [];
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(Select + """
             where (@all or d.union_id = any(@unions)) and (@status::smallint is null or d.status = @status)
             order by d.created_at desc, d.id desc limit @take
            """, new { all = scope.All, unions = scope.UnionIds.ToArray(), status = (short?)status, take = Math.Clamp(take, 1, 200) }, cancellationToken: ct));
        var views = new List<DisbursementView>();
        foreach (var row in rows) views.Add(await ViewAsync(row, ct));
        return views;
    }

    /// <summary>Lines in member-id order after <paramref name="after"/> (a member id), at most <paramref name="take"/>.</summary>
    public async Task<DisbursementLinesPage> LinesAsync(long id, long? after, int take, CancellationToken ct)
    {
        await access.RequireAsync(id, Permission.Read, ct);
        take = Math.Clamp(take, 1, 1000);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var lines = (await conn.QueryAsync<DisbursementLineView>(new CommandDefinition("""
            select member_id as MemberId, member_no as MemberNo, amount from wallet.disbursement_lines
            where disbursement_id = @id and member_id > @after order by member_id limit @take
            """, new { id, after = after ?? 0, take = take + 1 }, cancellationToken: ct))).AsList();
        var more = lines.Count > take;
        if (more) lines.RemoveAt(lines.Count - 1);
        return new DisbursementLinesPage(lines, more ? lines[^1].MemberId : null);
    }

    /// <summary>How many lines there are of each amount (most common first), for the detail page's summary.</summary>
    public async Task<IReadOnlyList<(long Amount, int Members)>> AmountsAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<(long, int)>(new CommandDefinition("""
            select amount, count(*)::int from wallet.disbursement_lines where disbursement_id = @id group by amount order by count(*) desc, amount limit 20
            """, new { id }, cancellationToken: ct))).AsList();
    }

    /// <summary>Who prepared the disbursement (staff id), or null when it does not exist.</summary>
    public async Task<long?> CreatedByAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition("select created_by from wallet.disbursements where id = @id", new { id }, cancellationToken: ct));
    }

    private async Task<DisbursementView> ViewAsync(Row r, CancellationToken ct)
    {
        var union = await unions.FindAsync(r.UnionId, ct);
        var status = (DisbursementStatus)r.Status;
        using var selection = JsonDocument.Parse(r.Selection);
        return new DisbursementView(r.Id, r.UnionId, union?.Name ?? "", r.Title, r.Purpose, r.Categories?.Select(c => (MerchantCategory)c).ToList(), r.ValidDays,
            ((DisbursementSource)r.Source).ToString().ToLowerInvariant(), selection.RootElement.Clone(), JsonNamingPolicy.CamelCase.ConvertName(status.ToString()),
            l[status.Label()], r.MemberCount, r.Total, r.CreditedMembers, r.CreditedTotal, r.Chunks, r.ChunksPosted, r.CreatedBy, r.CreatedAt, r.SubmittedAt,
            r.ApprovedBy, r.ApprovedAt, r.RejectedBy, r.RejectedAt, r.RejectReason, r.ExpiresAt, r.PostedAt);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long UnionId { get; set; }
        public string Title { get; set; } = "";
        public string Purpose { get; set; } = "";
        public short[]? Categories { get; set; }
        public int? ValidDays { get; set; }
        public short Source { get; set; }
        public string Selection { get; set; } = "";
        public short Status { get; set; }
        public int MemberCount { get; set; }
        public long Total { get; set; }
        public int CreditedMembers { get; set; }
        public long CreditedTotal { get; set; }
        public int Chunks { get; set; }
        public int ChunksPosted { get; set; }
        public string CreatedBy { get; set; } = "";
        public DateTime CreatedAt { get; set; }
        public DateTime? SubmittedAt { get; set; }
        public string? ApprovedBy { get; set; }
        public DateTime? ApprovedAt { get; set; }
        public string? RejectedBy { get; set; }
        public DateTime? RejectedAt { get; set; }
        public string? RejectReason { get; set; }
        public DateTime? ExpiresAt { get; set; }
        public DateTime? PostedAt { get; set; }
    }
}
