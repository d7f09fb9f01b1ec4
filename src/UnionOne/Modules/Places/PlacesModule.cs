using UnionOne.Modules.Places.Access;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Directory;

namespace UnionOne.Modules.Places;

internal static class PlacesModule
{
    public static IServiceCollection AddPlacesModule(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<IPlaceDirectory, PlaceDirectory>();
        services.AddSingleton<IAccessEvents, AccessEvents>();
        Stations.StationsSetup.AddStations(services);
        return services;
    }

    public static IEndpointRouteBuilder MapPlacesModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        _ = api;
        Stations.StationsEndpoints.Map(app, api);
        return app;
    }
}
