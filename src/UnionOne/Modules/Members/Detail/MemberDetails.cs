using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;
using Npgsql;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;
using UnionOne.Modules.Members.Search;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Detail;

internal sealed record MemberEventView(string Kind, string KindLabel, string? FromUnionName, string? ToUnionName, string? Summary, DateTime At);

/// <summary>
/// One member for staff: masked, with the history that travels with them and what the caller may do. The age, not the
/// birth date: the masked ID number shows the region code and the last four characters, and the eight in between are
/// the birth date, so showing it beside the mask would give away the whole number without a reveal or an audit entry.
/// </summary>
internal sealed record MemberDetail(
    MemberListItem Member,
    int Age,
    IReadOnlyList<string> UnionLineage,
    IReadOnlyList<MemberEventView> History,
    bool CanReveal,
    bool CanManage);

/// <summary>Which personal value to show in clear.</summary>
internal enum RevealField
{
    IdNumber,
    Phone,
}

internal sealed class MemberDetails(
    NpgsqlDataSource dataSource,
    StaffGate gate,
    MemberSecrets secrets,
    MemberSearch search,
    IOrganisationDirectory directory,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<MembersText> l)
{
    /// <summary>The member, when inside the caller's subtree (404 otherwise).</summary>
    public async Task<MemberDetail> GetAsync(long memberId, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<DetailRow>(new CommandDefinition(
            $"select {MemberSearchSql.Columns}, m.birth_date as BirthDate from members.members m where m.id = @memberId", new { memberId }, cancellationToken: ct));
        if (row is null) throw new NotFoundException(l["未找到"]);
        var union = await gate.RequireAsync(Permission.Read, row.UnionId, ct);
        var events = await conn.QueryAsync<EventRow>(new CommandDefinition("""
            select kind, from_union_id as FromUnionId, to_union_id as ToUnionId, detail::text as Detail, at
            from members.membership_events where member_id = @memberId order by at desc, id desc limit 200
            """, new { memberId }, cancellationToken: ct));
        var history = new List<MemberEventView>();
        foreach (var e in events)
        {
            history.Add(new MemberEventView(e.Kind, l[RequestStateLabels.EventLabel(e.Kind)],
                e.FromUnionId is { } f ? (await directory.FindAsync(f, ct))?.Name : null,
                e.ToUnionId is { } t ? (await directory.FindAsync(t, ct))?.Name : null,
                Summarise(e), e.At));
        }
        var lineage = (await directory.LineageAsync(union.Id, ct)).Select(u => u.Name).ToList();
        var item = await search.ToItemAsync(row, ct);
        return new MemberDetail(item, MemberFields.Age(row.BirthDate, MemberFields.ChinaToday(clock)), lineage, history,
            await gate.CanAsync(Permission.RevealPersonalData, row.UnionId, ct), await gate.CanAsync(Permission.ManageMembers, row.UnionId, ct));
    }

    /// <summary>
    /// The ID number or phone in clear, for a role with RevealPersonalData over the member's union; the audit entry is
    /// written before the value is returned. Outside the subtree 404; a role that may only read gets 403.
    /// </summary>
    public async Task<string> RevealAsync(long memberId, RevealField field, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(long UnionId, byte[] IdNumberEnc, byte[] PhoneEnc)>(new CommandDefinition(
            "select union_id, id_number_enc, phone_enc from members.members where id = @memberId", new { memberId }, cancellationToken: ct));
        if (row.IdNumberEnc is null) throw new NotFoundException(l["未找到"]);
        await gate.RequireAsync(Permission.RevealPersonalData, row.UnionId, ct);
        var value = field == RevealField.IdNumber ? secrets.DecryptIdNumber(row.IdNumberEnc) : secrets.DecryptPhone(row.PhoneEnc);
        await audit.WriteAsync(new AuditEntry(field == RevealField.IdNumber ? AuditActions.RevealIdNumber : AuditActions.RevealPhone, "member",
            memberId.ToString(CultureInfo.InvariantCulture), row.UnionId, new { field = field == RevealField.IdNumber ? "idNumber" : "phone" }), ct: ct);
        return value;
    }

    public static RevealField? ParseField(string? field) => (field ?? "").Trim() switch
    {
        "idNumber" or "id" or "idnumber" => RevealField.IdNumber,
        "phone" => RevealField.Phone,
        _ => null,
    };

    private string? Summarise(EventRow e)
    {
        if (e.Detail is null) return null;
        using var doc = JsonDocument.Parse(e.Detail);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return null;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        IEnumerable<string> List(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!) : [];
        switch (e.Kind)
        {
            case MemberEvents.StatusChanged:
                var from = MemberStatusLabels.TryParse(Text("from"), out var f) ? l[f.Label()].Value : "";
                var to = MemberStatusLabels.TryParse(Text("to"), out var t) ? l[t.Label()].Value : "";
                return $"{from} → {to}";
            case MemberEvents.TagsChanged:
                var parts = List("added").Select(x => "+" + x).Concat(List("removed").Select(x => "−" + x));
                return string.Join(" ", parts);
            case MemberEvents.Joined or MemberEvents.Rejoined:
                return root.TryGetProperty("holdingPool", out var pool) && pool.ValueKind == JsonValueKind.True ? l["进入周转库"].Value : null;
            default:
                return Text("reason");
        }
    }

    private sealed record EventRow(string Kind, long? FromUnionId, long? ToUnionId, string? Detail, DateTime At);

    private sealed class DetailRow : MemberRow
    {
        public DateOnly BirthDate { get; set; }
    }
}
