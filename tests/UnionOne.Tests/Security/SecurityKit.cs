using System.Net.Http.Headers;
using System.Text;
using Dapper;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Security;

/// <summary>Helpers of the security suite: a fingerprint of every table, and multipart bodies written byte by byte.</summary>
internal static class SecurityKit
{
    /// <summary>
    /// One md5 per table of the app's schemas (every row as text, in order): two equal snapshots mean nothing was
    /// inserted, changed or deleted in between.
    /// </summary>
    public static async Task<Dictionary<string, string>> SnapshotAsync(this UnionOneApp app)
    {
        await using var conn = await app.OpenAsync();
        var tables = (await conn.QueryAsync<string>("""
            select format('%I.%I', table_schema, table_name) from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'public')
            order by 1
            """)).ToList();
        var sql = string.Join("\nunion all\n", tables.Select(t =>
            $"select '{t}' as name, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as hash from {t} x"));
        return (await conn.QueryAsync<(string Name, string Hash)>(sql)).ToDictionary(r => r.Name, r => r.Hash);
    }

    /// <summary>The tables whose content differs between two snapshots.</summary>
    public static IReadOnlyList<string> Changed(Dictionary<string, string> before, Dictionary<string, string> after) =>
        after.Where(a => !before.TryGetValue(a.Key, out var b) || b != a.Value).Select(a => a.Key).ToList();

    /// <summary>A multipart/form-data body with the file name exactly as given (NUL, backslashes and all), as a hostile client sends it.</summary>
    public static HttpContent RawMultipart(IEnumerable<(string Name, string Value)> fields, string fileField, string fileName, byte[] file, string contentType)
    {
        var boundary = "----uo" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Write(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        foreach (var (name, value) in fields)
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{fileField}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n");
        body.Write(file);
        Write($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }
}
