using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Members.Search;

/// <summary>
/// Member lists over the caller's subtree: one SQL statement per page (the scope comes from the cached staff grants and
/// the in-memory tree; union names from the tree too), one extra row fetched to know whether another page follows.
/// Lists may lag by a few seconds, so they are read from the replica when there is one (the staff member's own recent
/// writes excepted: see <see cref="Platform.Database.Replica.LagTolerantReads"/>).
/// </summary>
internal sealed class MemberSearch(
    Platform.Database.Replica.LagTolerantReads reads,
    StaffGate gate,
    MemberSecrets secrets,
    IOrganisationDirectory directory,
    IStringLocalizer<MembersText> l)
{
    public async Task<MemberPage> SearchAsync(MemberQuery query, CancellationToken ct)
    {
        var filter = query.ToFilter(secrets, l);
        var scope = await gate.SubtreeAsync(Permission.Read, query.UnionId, ct);
        var page = query.PageNumber;
        var size = query.Size;
        if (!scope.All && scope.UnionIds.Count == 0) return new MemberPage([], page, size, false, 0);

        var offset = (page - 1) * size;
        var (sql, args) = MemberSearchSql.Build(filter, scope, offset, size + 1);
        var rows = await reads.RunAsync(async dataSource =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            return (await conn.QueryAsync<MemberRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
        });
        var hasMore = rows.Count > size;
        var items = new List<MemberListItem>(Math.Min(rows.Count, size));
        foreach (var row in rows.Take(size)) items.Add(await ToItemAsync(row, ct));
        // Counting a large subtree costs more than the page itself: the total is given only when this page is the last one.
        long? total = hasMore || (items.Count == 0 && page > 1) ? null : offset + items.Count;
        return new MemberPage(items, page, size, hasMore, total);
    }

    // Scoped per request (one culture): each label is looked up in the resources once per request, not once per row.
    private readonly Dictionary<string, string> labels = new(StringComparer.Ordinal);

    private string Label(string key)
    {
        if (!labels.TryGetValue(key, out var text)) labels[key] = text = l[key];
        return text;
    }

    public async ValueTask<MemberListItem> ToItemAsync(MemberRow row, CancellationToken ct)
    {
        var union = await directory.FindAsync(row.UnionId, ct);
        var jobType = (JobType)row.JobType;
        var status = (MemberStatus)row.Status;
        return new MemberListItem(
            row.Id,
            row.MemberNo,
            row.Name,
            Label(row.Gender == "M" ? "男" : "女"),
            secrets.MaskedIdNumber(row.IdNumberEnc),
            secrets.MaskedPhone(row.PhoneEnc),
            row.UnionId,
            union?.Name ?? "",
            MemberQuery.JsonEnum(jobType),
            Label(jobType.Label()),
            MemberQuery.JsonEnum(status),
            Label(status.Label()),
            row.Tags,
            row.JoinedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            row.InHoldingPool,
            row.EmployerName);
    }
}
