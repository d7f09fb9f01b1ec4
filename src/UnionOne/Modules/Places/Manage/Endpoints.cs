using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Places.Domain;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Places.Manage;

public sealed record StatusChange(PlaceStatus Status, string? Reason);

public sealed record CreatedPlace(long Id);

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var places = api.MapGroup("/places").WithTags("Places").RequireAuthorization(UnionPolicies.StaffApi);
        places.MapPost("", Create).WithSummary("新建阵地（本级及下级工会）").ProducesValidationProblem();
        places.MapGet("", List).WithSummary("本辖区的阵地列表");
        places.MapGet("/{id:long}", Get).WithSummary("阵地详情（工作人员）");
        places.MapPut("/{id:long}", Update).WithSummary("修改阵地").ProducesValidationProblem();
        places.MapPost("/{id:long}/status", SetStatus).WithSummary("开放、整改或关闭阵地").ProducesValidationProblem();
    }

    private static async Task<Created<CreatedPlace>> Create(PlaceInput input, PlaceAdmin admin, CancellationToken ct)
    {
        var id = await admin.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/places/{id}", new CreatedPlace(id));
    }

    private static async Task<Ok<PlaceListPage>> List(long? unionId, string? kind, string? status, string? q, int? page, PlaceQueries queries,
        IStringLocalizer<PlacesText> l, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(new PlaceListFilter(unionId, QueryEnum.Parse<PlaceKind>(kind, "kind", l["请选择阵地类型"]),
            QueryEnum.Parse<PlaceStatus>(status, "status", l["状态无效"]), q, page ?? 1), ct));

    private static async Task<Ok<PlaceDetail>> Get(long id, PlaceQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(id, ct));

    private static async Task<NoContent> Update(long id, PlaceInput input, PlaceAdmin admin, CancellationToken ct)
    {
        await admin.UpdateAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetStatus(long id, StatusChange change, PlaceAdmin admin, CancellationToken ct)
    {
        await admin.SetStatusAsync(id, change.Status, change.Reason, ct);
        return TypedResults.NoContent();
    }
}
