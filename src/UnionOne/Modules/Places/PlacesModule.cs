using Microsoft.Extensions.Options;
using UnionOne.Modules.Places.Access;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Demo;
using UnionOne.Modules.Places.Directory;
using UnionOne.Modules.Places.Manage;
using UnionOne.Modules.Places.Nearby;
using UnionOne.Modules.Places.Photos;
using UnionOne.Modules.Places.Usage;

namespace UnionOne.Modules.Places;

internal static class PlacesModule
{
    public static IServiceCollection AddPlacesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlacesOptions>().Bind(configuration.GetSection(PlacesOptions.Section));
        services.AddSingleton<IPlaceDirectory, PlaceDirectory>();
        services.AddSingleton<IAccessEvents, AccessEvents>();
        services.AddSingleton<PlaceUsage>();
        services.AddSingleton<IPlaceOccupancy>(sp => sp.GetRequiredService<PlaceUsage>());
        services.AddSingleton<PlaceFinder>();
        services.AddSingleton<IPlaceDemoSeeder, DemoPlaces>();
        services.AddScoped<PlaceAdmin>();
        services.AddScoped<PlaceQueries>();
        services.AddScoped<PlacePhotos>();
        Stations.StationsSetup.AddStations(services);
        return services;
    }

    public static IEndpointRouteBuilder MapPlacesModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<PlacesOptions>>().Value;
        Nearby.Endpoint.Map(app, api);
        Manage.Endpoints.Map(api);
        Usage.Endpoints.Map(api);
        Photos.Endpoints.Map(app, api, options);
        Stations.StationsEndpoints.Map(app, api);
        return app;
    }
}
