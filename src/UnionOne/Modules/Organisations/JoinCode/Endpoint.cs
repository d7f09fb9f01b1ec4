using UnionOne.Modules.Organisations.Contracts;

namespace UnionOne.Modules.Organisations.JoinCode;

internal static class Endpoint
{
    /// <summary>The join QR is public: the code is printed on posters and only leads to the join form.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/qr/join/{code}.svg", async (string code, HttpRequest request, IOrganisationDirectory directory, CancellationToken ct) =>
        {
            var union = await directory.FindByJoinCodeAsync(code, ct);
            if (union is not { IsActive: true }) return Results.NotFound();
            return Results.Text(JoinQr.Svg(JoinQr.JoinUrl(request, code)), "image/svg+xml");
        }).WithTags("Organisations").WithSummary("工会入会二维码（SVG）");
}
