using Microsoft.Extensions.Caching.Memory;
using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Tree;

namespace UnionOne.Modules.Organisations.Coverage;

/// <summary>Coverage of one node's subtree (建会入会覆盖率): unions, members, reported employees, share.</summary>
public sealed record CoverageFigures(
    long UnionId, string Name, int Unions, int GrassrootsUnions, long ActiveMembers, long EmployeesReported, decimal? MemberShare);

internal sealed record CoverageReportDto(CoverageFigures Total, IReadOnlyList<CoverageFigures> Children);

/// <summary>
/// Sums active members (from the Members module) and reported employees (grassroots unions) up the tree.
/// Member counts are cached for a minute: the figures are for reporting, not for decisions.
/// </summary>
internal sealed class CoverageReport(OrganisationDirectory directory, IMemberCounts counts, IMemoryCache cache)
{
    public async Task<CoverageReportDto> ForAsync(long unionId, CancellationToken ct)
    {
        var tree = await directory.SnapshotAsync(ct);
        var members = await cache.GetOrCreateAsync("org:coverage-counts", async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
            return await counts.ActiveMembersByUnionAsync(ct);
        }) ?? new Dictionary<long, long>();

        CoverageFigures Figures(long id)
        {
            var root = tree.Find(id)!;
            int unions = 0, grassroots = 0;
            long active = 0, employees = 0;
            var stack = new Stack<long>();
            stack.Push(id);
            while (stack.Count > 0)
            {
                var node = tree.Find(stack.Pop());
                if (node is null || !node.IsActive) continue;
                unions++;
                active += members.GetValueOrDefault(node.Id);
                if (node.Level == UnionLevel.Grassroots)
                {
                    grassroots++;
                    employees += tree.EmployeesReported(node.Id);
                }
                foreach (var child in tree.ChildrenOf(node.Id)) stack.Push(child);
            }
            decimal? share = employees > 0 ? Math.Round((decimal)active / employees, 4) : null;
            return new CoverageFigures(id, root.Name, unions, grassroots, active, employees, share);
        }

        var children = tree.ChildrenOf(unionId).Where(c => tree.Find(c)?.IsActive == true).Select(Figures)
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        return new CoverageReportDto(Figures(unionId), children);
    }

    public void Invalidate() => cache.Remove("org:coverage-counts");
}
