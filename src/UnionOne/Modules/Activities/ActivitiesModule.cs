using UnionOne.Modules.Activities.Demo;
using UnionOne.Modules.Activities.Domain;
using UnionOne.Modules.Activities.Publishing;
using UnionOne.Modules.Activities.Roster;
using UnionOne.Modules.Activities.SignUp;

namespace UnionOne.Modules.Activities;

internal static class ActivitiesModule
{
    public static IServiceCollection AddActivitiesModule(this IServiceCollection services)
    {
        services.AddScoped<ActivityStaff>();
        services.AddScoped<ActivityAdmin>();
        services.AddScoped<ActivitySignups>();
        services.AddScoped<ActivityRoster>();
        services.AddScoped<RosterExport>();
        services.AddSingleton<Contracts.IActivityDemoSeeder, DemoActivities>();
        return services;
    }

    public static IEndpointRouteBuilder MapActivitiesModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Publishing.Endpoints.Map(api);
        SignUp.Endpoints.Map(api);
        Roster.Endpoints.Map(app, api);
        return app;
    }
}
