namespace UnionOne.Modules.Organisations.Contracts;

/// <summary>Levels of the union tree (national is outside the platform).</summary>
public enum UnionLevel
{
    Province = 1,
    City = 2,
    County = 3,

    /// <summary>Township, street, industrial park or industry federation (乡镇/街道/园区/行业工会联合会).</summary>
    Federation = 4,

    /// <summary>Grassroots union in one employer (基层工会).</summary>
    Grassroots = 5,
}

public enum UnionStatus
{
    Active = 1,
    Merged = 2,
    Deregistered = 3,
}

/// <summary>What other modules may know of a union node. Path is the ltree of ids from the root, e.g. "1.4.27".</summary>
public sealed record UnionSummary(
    long Id,
    string Name,
    UnionLevel Level,
    long? ParentId,
    string Path,
    string? RegionCode,
    string Kind,
    UnionStatus Status,
    bool ServesNewEmploymentForms)
{
    public bool IsActive => Status == UnionStatus.Active;

    /// <summary>True when this node is <paramref name="ancestorPath"/> or lies below it.</summary>
    public bool IsWithin(string ancestorPath) =>
        Path == ancestorPath || Path.StartsWith(ancestorPath + ".", StringComparison.Ordinal);
}

/// <summary>Which unions a query may see: everything, or an explicit id list.</summary>
public sealed record SubtreeFilter(bool All, IReadOnlyList<long> UnionIds)
{
    public static SubtreeFilter Everything { get; } = new(true, []);

    public static SubtreeFilter Nothing { get; } = new(false, []);
}

/// <summary>The organisation tree as other modules see it. Reads come from an in-memory snapshot kept current.</summary>
public interface IOrganisationDirectory
{
    ValueTask<UnionSummary?> FindAsync(long unionId, CancellationToken ct = default);

    ValueTask<UnionSummary?> FindByJoinCodeAsync(string joinCode, CancellationToken ct = default);

    /// <summary>The given nodes and all their descendants.</summary>
    ValueTask<SubtreeFilter> SubtreeAsync(IReadOnlyCollection<long> rootUnionIds, CancellationToken ct = default);

    /// <summary>
    /// The active unions of these subtrees in tree order with their depth below their root (for a form's select); roots
    /// inside another root's subtree are folded into it, roots are ordered by path.
    /// </summary>
    ValueTask<IReadOnlyList<(UnionSummary Union, int Depth)>> ActiveInTreeOrderAsync(IReadOnlyCollection<long> rootUnionIds, CancellationToken ct = default);

    /// <summary>
    /// The federation whose holding pool (周转库) takes a worker whose employer has no union:
    /// for new-employment forms the nearest industry federation that serves them, else the nearest
    /// federation/county whose region matches the region code (6-digit GB/T 2260), walking up to coarser regions.
    /// </summary>
    ValueTask<UnionSummary?> FindHoldingPoolAsync(string regionCode, bool newEmploymentForm, CancellationToken ct = default);

    /// <summary>Active county and federation nodes that have a region code, by region code (the join page's district choice).</summary>
    ValueTask<IReadOnlyList<UnionSummary>> RegionalNodesAsync(CancellationToken ct = default);

    /// <summary>Ancestors from the root down to the node itself (for breadcrumbs and upward reports).</summary>
    ValueTask<IReadOnlyList<UnionSummary>> LineageAsync(long unionId, CancellationToken ct = default);
}
