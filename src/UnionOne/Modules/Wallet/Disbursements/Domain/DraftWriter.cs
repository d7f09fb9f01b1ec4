using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;

namespace UnionOne.Modules.Wallet.Disbursements.Domain;

/// <summary>One line of a draft: the member and what they receive (fen).</summary>
internal readonly record struct DraftLine(long MemberId, string MemberNo, long Amount);

/// <summary>
/// Stores a draft with its lines in the caller's transaction: the head row, then every line in one binary COPY (180,000
/// lines in about a second), then the audit entry. Lines must be distinct members (the primary key refuses a duplicate).
/// </summary>
internal sealed class DraftWriter(IAuditLog audit)
{
    public const string AuditCreated = "wallet.disbursement-created";

    public async Task<long> WriteAsync(NpgsqlTransaction tx, long unionId, DraftDetails details, DisbursementSource source, object selection,
        IReadOnlyList<DraftLine> lines, StaffScope staff, CancellationToken ct)
    {
        var conn = tx.Connection!;
        long total = 0;
        foreach (var line in lines) total = checked(total + line.Amount);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into wallet.disbursements (union_id, title, purpose, categories, valid_days, source, selection, member_count, total, created_by, created_by_name)
            values (@unionId, @Title, @Purpose, @categories, @ValidDays, @source, @selection::jsonb, @count, @total, @staffId, @staffName)
            returning id
            """, new
        {
            unionId,
            details.Title,
            details.Purpose,
            categories = details.Categories?.Select(c => (short)c).ToArray(),
            details.ValidDays,
            source = (short)source,
            selection = JsonSerializer.Serialize(selection, JsonSerializerOptions.Web),
            count = lines.Count,
            total,
            staffId = staff.StaffId,
            staffName = staff.DisplayName,
        }, tx, cancellationToken: ct));

        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy wallet.disbursement_lines (disbursement_id, member_id, member_no, amount) from stdin (format binary)", ct))
        {
            foreach (var line in lines)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(line.MemberId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(line.MemberNo, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(line.Amount, NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await audit.WriteAsync(new AuditEntry(AuditCreated, "disbursement", id.ToString(CultureInfo.InvariantCulture), unionId,
            new { details.Title, source = source.ToString(), members = lines.Count, total }), tx, ct);
        return id;
    }
}
