using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Modules.Merchants.Contracts;

namespace UnionOne.Modules.Merchants.Tills;

public sealed record TillMe(long TillId, string TillName, long MerchantId, string MerchantName, MerchantCategory Category, int DiscountBasisPoints, string Discount);

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder merchants)
    {
        merchants.MapPost("/{id:long}/tills", async Task<Created<RegisteredTill>> (long id, RegisterTillRequest request, TillAdmin admin, CancellationToken ct) =>
            {
                var till = await admin.RegisterAsync(id, request, ct);
                return TypedResults.Created($"/api/v1/merchants/{id}/tills", till);
            })
            .WithSummary("为已上线商户登记收银设备（凭据仅显示一次）").ProducesValidationProblem();
        merchants.MapGet("/{id:long}/tills", async (long id, TillAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(id, ct)))
            .WithSummary("商户的收银设备");
        merchants.MapPost("/tills/{tillId:long}/revoke", async Task<NoContent> (long tillId, TillAdmin admin, CancellationToken ct) =>
            {
                await admin.RevokeAsync(tillId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("停用收银设备（遗失或被盗）");

        app.MapGet("/till/sign-out", async (HttpContext http) =>
            {
                await http.SignOutAsync(TillAuth.PageScheme);
                return TypedResults.Redirect("/till/login");
            })
            .ExcludeFromDescription();
    }

    /// <summary>What a till may ask about itself (its merchant and discount), authenticated with its own credential.</summary>
    public static void MapTillApi(IEndpointRouteBuilder api)
    {
        api.MapGet("/till/me", async Task<Ok<TillMe>> (HttpContext http, TillRegistry tills, IMerchantDirectory merchants, CancellationToken ct) =>
            {
                var till = await tills.FindAsync(http.User.TillId()!.Value, ct);
                var merchant = await merchants.FindAsync(till!.MerchantId, ct);
                return TypedResults.Ok(new TillMe(till.Id, till.Name, merchant!.Id, merchant.Name, merchant.Category, merchant.DiscountBasisPoints,
                    Domain.MerchantLabels.Discount(merchant.DiscountBasisPoints)));
            })
            .RequireAuthorization(TillAuth.ApiPolicy)
            .WithTags("Tills")
            .WithSummary("收银设备：本设备与所属商户");
    }
}
