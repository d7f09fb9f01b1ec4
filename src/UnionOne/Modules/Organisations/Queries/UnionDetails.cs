using Dapper;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Security;

namespace UnionOne.Modules.Organisations.Queries;

internal sealed record UnionNode(long Id, string Name, UnionLevel Level, string LevelLabel, string Kind, string? RegionCode, UnionStatus Status, int ChildCount);

internal sealed record UnionDetail(
    long Id, string Name, UnionLevel Level, string LevelLabel, long? ParentId, string Kind, string? RegionCode, string? CreditCode,
    string? Address, string? ContactName, string? ContactPhoneMasked, DateOnly? FoundedOn, int EmployeesReported,
    bool ServesNewEmploymentForms, UnionStatus Status, long? MergedInto, string JoinCode, IReadOnlyList<UnionNode> Lineage, IReadOnlyList<UnionNode> Children);

internal sealed record UnionEvent(string Kind, string? Detail, long? ActorStaffId, DateTime At);

/// <summary>Reads of one union with its place in the tree. Personal data (contact phone) is masked.</summary>
internal sealed class UnionDetails(NpgsqlDataSource dataSource, IOrganisationDirectory directory, IPersonalDataCipher cipher)
{
    public static string LevelLabel(UnionLevel level) => level switch
    {
        UnionLevel.Province => "省总工会",
        UnionLevel.City => "市总工会",
        UnionLevel.County => "县（区）总工会",
        UnionLevel.Federation => "乡镇（街道、园区、行业）工会联合会",
        _ => "基层工会",
    };

    public async Task<UnionDetail?> GetAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            select id, name, level, parent_id as ParentId, kind, region_code as RegionCode, credit_code as CreditCode, address,
                   contact_name as ContactName, contact_phone_enc as ContactPhoneEnc, founded_on as FoundedOn,
                   employees_reported as EmployeesReported, serves_new_employment as ServesNewEmployment, status,
                   merged_into as MergedInto, join_code as JoinCode
            from org.unions where id = @id
            """, new { id }, cancellationToken: ct));
        if (row is null) return null;
        var lineage = (await directory.LineageAsync(id, ct)).Select(u => Node(u, 0)).ToList();
        var children = await ChildrenAsync(conn, id, ct);
        return new UnionDetail(row.Id, row.Name, (UnionLevel)row.Level, LevelLabel((UnionLevel)row.Level), row.ParentId, row.Kind,
            row.RegionCode?.Trim(), row.CreditCode?.Trim(), row.Address, row.ContactName,
            row.ContactPhoneEnc is null ? null : Mask.Phone(cipher.Decrypt(PersonalDataPurposes.ContactPhone, row.ContactPhoneEnc)),
            row.FoundedOn, row.EmployeesReported, row.ServesNewEmployment,
            (UnionStatus)row.Status, row.MergedInto, row.JoinCode, lineage, children);
    }

    public async Task<IReadOnlyList<UnionEvent>> EventsAsync(long id, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<UnionEvent>(new CommandDefinition(
            "select kind, detail::text as Detail, actor_staff_id as ActorStaffId, at from org.union_events where union_id = @id order by at desc, id desc limit 50",
            new { id }, cancellationToken: ct));
        return rows.AsList();
    }

    private static async Task<IReadOnlyList<UnionNode>> ChildrenAsync(NpgsqlConnection conn, long id, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<(long Id, string Name, short Level, string Kind, string? RegionCode, short Status, long ChildCount)>(new CommandDefinition("""
            select u.id, u.name, u.level, u.kind, u.region_code, u.status,
                   (select count(*) from org.unions c where c.parent_id = u.id and c.status = 1)
            from org.unions u where u.parent_id = @id and u.status = 1
            order by u.level, u.name
            """, new { id }, cancellationToken: ct));
        return rows.Select(r => new UnionNode(r.Id, r.Name, (UnionLevel)r.Level, LevelLabel((UnionLevel)r.Level), r.Kind, r.RegionCode?.Trim(), (UnionStatus)r.Status, (int)r.ChildCount)).ToList();
    }

    private static UnionNode Node(UnionSummary u, int children) => new(u.Id, u.Name, u.Level, LevelLabel(u.Level), u.Kind, u.RegionCode, u.Status, children);

    private sealed record Row(long Id, string Name, short Level, long? ParentId, string Kind, string? RegionCode, string? CreditCode, string? Address,
        string? ContactName, byte[]? ContactPhoneEnc, DateOnly? FoundedOn, int EmployeesReported, bool ServesNewEmployment, short Status, long? MergedInto, string JoinCode);
}
