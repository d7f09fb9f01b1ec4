using Microsoft.Extensions.Options;
using UnionOne.Modules.Places.Stations.Grades;
using UnionOne.Modules.Places.Stations.Inspections;
using UnionOne.Modules.Places.Stations.List;
using UnionOne.Modules.Places.Stations.Ratings;
using UnionOne.Modules.Places.Stations.Rectify;

namespace UnionOne.Modules.Places.Stations;

/// <summary>Registers station management (驿站管理): options (section "Stations", validated on start) and services.</summary>
internal static class StationsSetup
{
    public static IServiceCollection AddStations(this IServiceCollection services)
    {
        services.AddOptions<StationOptions>().BindConfiguration(StationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StationOptions>, StationOptionsValidator>();
        services.AddSingleton<StationClock>();
        services.AddScoped<StationAccess>();
        services.AddScoped<InspectionService>();
        services.AddScoped<VisitRatingService>();
        services.AddScoped<GradeRun>();
        services.AddScoped<RectifyList>();
        services.AddScoped<StationStatusService>();
        services.AddScoped<StationList>();
        return services;
    }
}

/// <summary>Maps station management's API (under /api/v1) and its console/member form endpoints.</summary>
internal static class StationsEndpoints
{
    public static void Map(IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        List.Endpoint.Map(api);
        Inspections.Endpoints.Map(app, api);
        Inspections.PageEndpoint.Map(app);
        Ratings.Endpoints.Map(api);
        Grades.Endpoints.Map(api);
        Rectify.Endpoints.Map(api);
    }
}
