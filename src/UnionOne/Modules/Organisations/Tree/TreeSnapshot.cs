using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Organisations.Tree;

/// <summary>An immutable picture of the whole tree at one version, indexed for the questions other modules ask.</summary>
internal sealed class TreeSnapshot
{
    public static TreeSnapshot Empty { get; } = new(0, []);

    private readonly Dictionary<long, UnionSummary> byId;
    private readonly Dictionary<long, List<long>> children = [];

    private readonly Dictionary<long, int> employees = [];

    public TreeSnapshot(long version, IReadOnlyList<(UnionSummary Union, string JoinCode, int Employees)> unions)
    {
        Version = version;
        byId = new Dictionary<long, UnionSummary>(unions.Count);
        ByJoinCode = new Dictionary<string, UnionSummary>(unions.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (union, joinCode, employeeCount) in unions)
        {
            byId[union.Id] = union;
            employees[union.Id] = employeeCount;
            ByJoinCode[joinCode] = union;
            if (union.ParentId is { } parent)
            {
                if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
                list.Add(union.Id);
            }
        }
        Roots = unions.Where(u => u.Union.ParentId is null).Select(u => u.Union.Id).ToList();
    }

    public long Version { get; }

    public IReadOnlyList<long> Roots { get; }

    public Dictionary<string, UnionSummary> ByJoinCode { get; }

    public int Count => byId.Count;

    public int EmployeesReported(long id) => employees.GetValueOrDefault(id);

    public UnionSummary? Find(long id) => byId.GetValueOrDefault(id);

    public IReadOnlyCollection<long> AllIds() => byId.Keys;

    public IReadOnlyList<long> ChildrenOf(long id) => children.TryGetValue(id, out var list) ? list : [];

    public SubtreeFilter Subtree(IReadOnlyCollection<long> roots)
    {
        if (roots.Count == 0) return SubtreeFilter.Nothing;
        if (Roots.Count > 0 && Roots.All(roots.Contains)) return SubtreeFilter.Everything;
        var result = new HashSet<long>();
        var stack = new Stack<long>(roots.Where(byId.ContainsKey));
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (!result.Add(id)) continue;
            foreach (var child in ChildrenOf(id)) stack.Push(child);
        }
        return new SubtreeFilter(false, result.ToList());
    }

    public IReadOnlyList<UnionSummary> Lineage(long id)
    {
        var list = new List<UnionSummary>();
        var current = Find(id);
        while (current is not null)
        {
            list.Add(current);
            current = current.ParentId is { } p ? Find(p) : null;
        }
        list.Reverse();
        return list;
    }

    /// <summary>Active, non-grassroots nodes whose region code matches the given prefix, deepest first.</summary>
    public IEnumerable<UnionSummary> FederationsInRegion(string regionPrefix) =>
        byId.Values.Where(u => u.IsActive && u.Level != UnionLevel.Grassroots && u.RegionCode is { } rc && rc.StartsWith(regionPrefix, StringComparison.Ordinal))
            .OrderByDescending(u => (int)u.Level).ThenBy(u => u.Id);
}
