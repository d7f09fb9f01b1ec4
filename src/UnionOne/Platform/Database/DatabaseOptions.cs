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

    /// <summary>
    /// A streaming replica for reads that may lag (lists, counts, reports); UNIONONE_DB_REPLICA overrides it. Empty: every
    /// read goes to the primary.
    /// </summary>
    public string ReplicaConnectionString { get; set; } = "";

    /// <summary>A replica further behind than this is not read from (its reads go to the primary until it catches up).</summary>
    [Range(1, 86_400)]
    public int ReplicaMaxLagSeconds { get; set; } = 10;

    /// <summary>How often the replica's health and lag are checked.</summary>
    [Range(1, 60)]
    public int ReplicaCheckSeconds { get; set; } = 2;

    /// <summary>After a client writes, its lag-tolerant reads still go to the primary for this long (read-your-writes).</summary>
    [Range(1, 3_600)]
    public int ReadYourWritesSeconds { get; set; } = 10;
}
