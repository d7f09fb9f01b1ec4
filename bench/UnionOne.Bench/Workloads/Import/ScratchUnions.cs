using System.Security.Cryptography;
using Npgsql;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// Fresh grassroots unions the import and the COPY baseline write into, created through the platform's
/// IOrganisationAdmin under an existing county or federation node (or under a scratch root when the tree is empty).
/// Every scratch union is named "基准测试-…" and is removed, with everything that references it, after the run.
/// </summary>
internal static class ScratchUnions
{
    public const string Prefix = "基准测试-";
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static async Task<long> CreateAsync(IOrganisationAdmin admin, NpgsqlDataSource db, string label, int employees, CancellationToken ct)
    {
        var parent = await ParentAsync(admin, db, ct);
        var name = $"{Prefix}{label}-{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        return await admin.CreateAsync(new NewUnion(name, UnionLevel.Grassroots, parent, "enterprise", "331002",
            CreditCode: NewCreditCode(), Address: "台州市椒江区", EmployeesReported: employees), null, ct);
    }

    private static async Task<long> ParentAsync(IOrganisationAdmin admin, NpgsqlDataSource db, CancellationToken ct)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var cmd = new NpgsqlCommand("""
            select id from org.unions
            where status = 1 and level between 2 and 4
            order by (name like @prefix), level desc, id limit 1
            """, conn))
        {
            cmd.Parameters.AddWithValue("prefix", Prefix + "%");
            if (await cmd.ExecuteScalarAsync(ct) is long id) return id;
        }
        // Empty tree (demo data not seeded): a scratch root, removed with the scratch unions.
        return await admin.CreateAsync(new NewUnion(Prefix + "上级工会", UnionLevel.City, null, "federation", "331000"), null, ct);
    }

    /// <summary>A valid unified social credit code (GB 32100) for an enterprise in Taizhou, random otherwise.</summary>
    private static string NewCreditCode()
    {
        var first17 = "91331002" + new string(Enumerable.Range(0, 9).Select(_ => CreditAlphabet[RandomNumberGenerator.GetInt32(CreditAlphabet.Length)]).ToArray());
        return first17 + SocialCreditCode.CheckCharacter(first17);
    }
}
