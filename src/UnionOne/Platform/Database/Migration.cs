using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace UnionOne.Platform.Database;

/// <summary>A versioned SQL file embedded from a module's Migrations folder.</summary>
internal sealed record Migration(string Id, string Sql, string Checksum)
{
    private const string Prefix = "migrations/";

    public static IReadOnlyList<Migration> Embedded { get; } = Load(typeof(Migration).Assembly);

    private static List<Migration> Load(Assembly assembly)
    {
        var list = new List<Migration>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            var id = name[Prefix.Length..^".sql".Length];
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
            list.Add(new Migration(id, sql, checksum));
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return list;
    }
}
