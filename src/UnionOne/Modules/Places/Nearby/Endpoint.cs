using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;

namespace UnionOne.Modules.Places.Nearby;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        api.MapGet("/places/nearby", Nearby).AllowAnonymous().WithTags("Places")
            .WithSummary("附近的阵地：由近及远，可按设施、类型、是否正在开放筛选；同时给出 WGS-84 与 GCJ-02 坐标")
            .ProducesValidationProblem();
        app.MapGet("/places/locate.js", () => TypedResults.Text(LocateScript, "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<Ok<IReadOnlyList<NearbyPlace>>> Nearby(double? lat, double? lng, string? facility, bool? openNow, string? kind, int? limit, double? radiusKm,
        PlaceFinder finder, IStringLocalizer<PlacesText> l, CancellationToken ct)
    {
        var placeKind = QueryEnum.Parse<PlaceKind>(kind, "kind", l["请选择阵地类型"]);
        return TypedResults.Ok(await finder.NearbyAsync(new NearbyQuery(lat, lng, facility, openNow ?? false, placeKind, limit, radiusKm), ct));
    }

    /// <summary>
    /// The only script of the map page (the page works without it): a button that asks the browser for its position
    /// and reloads the page with lat/lng, keeping the filters.
    /// </summary>
    private const string LocateScript = """
        (function () {
          var button = document.getElementById('locate');
          if (!button || !navigator.geolocation) return;
          button.hidden = false;
          button.addEventListener('click', function () {
            var status = document.getElementById('locate-status');
            if (status) status.textContent = button.getAttribute('data-waiting') || '';
            navigator.geolocation.getCurrentPosition(function (p) {
              var url = new URL(window.location.href);
              url.searchParams.set('lat', p.coords.latitude.toFixed(6));
              url.searchParams.set('lng', p.coords.longitude.toFixed(6));
              window.location.assign(url.toString());
            }, function () {
              if (status) status.textContent = button.getAttribute('data-failed') || '';
            }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
          });
        })();
        """;
}
