using Npgsql;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Workloads.Search;

/// <summary>
/// What the searches ask for: common surnames and a few two-character name prefixes (q=), and phones of real members
/// inside the staff user's scope (phone=), decrypted with the app's keys from a random sample.
/// </summary>
internal static class SearchInputs
{
    public static readonly IReadOnlyList<string> NamePrefixes =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
        "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵丽", "周杰",
    ];

    public static async Task<IReadOnlyList<string>> PhonesAsync(BenchContext context, SubtreeFilter scope, int count, CancellationToken ct)
    {
        await using var conn = await context.Db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "select phone_enc from members.members m" + (scope.All ? "" : " where m.union_id = any(@unions)") + " order by random() limit @count", conn);
        if (!scope.All) cmd.Parameters.AddWithValue("unions", scope.UnionIds.ToArray());
        cmd.Parameters.AddWithValue("count", count);
        var phones = new List<string>(count);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) phones.Add(context.Cipher.Decrypt(PersonalDataPurposes.Phone, r.GetFieldValue<byte[]>(0)));
        return phones;
    }
}
