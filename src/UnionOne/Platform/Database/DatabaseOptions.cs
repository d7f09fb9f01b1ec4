using System.ComponentModel.DataAnnotations;

namespace UnionOne.Platform.Database;

internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string; UNIONONE_DB overrides it.</summary>
    [Required(ErrorMessage = "数据库连接未配置：请设置 UNIONONE_DB 或 Database:ConnectionString")]
    public string ConnectionString { get; set; } = "";

    [Range(4, 1000)]
    public int MaxPoolSize { get; set; } = 100;
}
