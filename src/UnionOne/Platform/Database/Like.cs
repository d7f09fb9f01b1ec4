namespace UnionOne.Platform.Database;

/// <summary>Typed search text inside a LIKE pattern: '%', '_' and '\' are matched literally (backslash is PostgreSQL's default LIKE escape).</summary>
internal static class Like
{
    public static string Escape(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>A pattern matching any text that contains <paramref name="text"/> literally.</summary>
    public static string Containing(string text) => "%" + Escape(text) + "%";
}
