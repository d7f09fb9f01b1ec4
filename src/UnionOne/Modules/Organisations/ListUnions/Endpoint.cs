using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Modules.Organisations.Queries;
using UnionOne.Modules.Organisations.Tree;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Organisations.ListUnions;

internal sealed record MyUnion(long Id, string Name, UnionLevel Level, string LevelLabel, StaffRole Role);

internal sealed record UnionHit(long Id, string Name, UnionLevel Level, string LevelLabel, string? RegionCode, IReadOnlyList<string> Lineage);

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/unions", Mine)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("我有角色的工会（各自子树的根）");
        api.MapGet("/unions/search", Search)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Organisations")
            .WithSummary("在我的范围内按名称查找工会");
    }

    private static async Task<Ok<IReadOnlyList<MyUnion>>> Mine(StaffGate access, IOrganisationDirectory directory, CancellationToken ct)
    {
        var scope = await access.ScopeAsync(ct);
        var list = new List<MyUnion>();
        foreach (var g in scope.Grants)
        {
            var u = await directory.FindAsync(g.UnionId, ct);
            if (u is not null) list.Add(new MyUnion(u.Id, u.Name, u.Level, UnionDetails.LevelLabel(u.Level), g.Role));
        }
        return TypedResults.Ok<IReadOnlyList<MyUnion>>(list);
    }

    private static async Task<Ok<IReadOnlyList<UnionHit>>> Search(string? q, UnionLevel? level, StaffGate access, OrganisationDirectory directory, CancellationToken ct)
    {
        var scope = await access.ScopeAsync(ct);
        var tree = await directory.SnapshotAsync(ct);
        var subtree = tree.Subtree(scope.RootsFor(Permission.Read));
        var candidates = subtree.All ? tree.AllIds() : subtree.UnionIds;
        var term = (q ?? "").Trim();
        var hits = candidates.Select(tree.Find).OfType<UnionSummary>()
            .Where(u => u.IsActive && (level is null || u.Level == level) && (term.Length == 0 || u.Name.Contains(term, StringComparison.Ordinal)))
            .OrderBy(u => u.Level).ThenBy(u => u.Name, StringComparer.Ordinal).Take(50)
            .Select(u => new UnionHit(u.Id, u.Name, u.Level, UnionDetails.LevelLabel(u.Level), u.RegionCode, tree.Lineage(u.Id).Select(x => x.Name).ToList()))
            .ToList();
        return TypedResults.Ok<IReadOnlyList<UnionHit>>(hits);
    }
}
