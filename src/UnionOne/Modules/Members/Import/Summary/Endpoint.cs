using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Import.Summary;

public sealed record ImportDetails(
    long ImportId, long UnionId, string UnionName, string FileName, string Status, int TotalRows, int ValidRows, int ErrorRows, int UnchangedRows,
    int? Inserted, int? Skipped, DateTime CreatedAt, DateTime ExpiresAt, DateTime? CommittedAt);

/// <summary>GET /api/v1/member-imports/{id}: the validation summary and, once committed, the result.</summary>
internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id:long}", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .Produces<ImportDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("导入批次概况");

    private static async Task<IResult> Handle(long id, ImportAccess access, ImportQueries queries, CancellationToken ct)
    {
        var (h, union) = await access.RequireImportAsync(queries, id, Permission.Read, ct);
        return TypedResults.Ok(new ImportDetails(h.Id, h.UnionId, union.Name, h.FileName, h.State, h.TotalRows, h.ValidRows, h.ErrorRows, h.UnchangedRows,
            h.InsertedRows, h.SkippedRows, h.CreatedAt, h.ExpiresAt, h.CommittedAt));
    }
}
