using UnionOne.Modules.Points.Awards;
using UnionOne.Modules.Points.Balance;
using UnionOne.Modules.Points.Contracts;
using UnionOne.Modules.Points.Demo;
using UnionOne.Modules.Points.Domain;
using UnionOne.Modules.Points.Items;
using UnionOne.Modules.Points.Redemptions;
using UnionOne.Modules.Points.Rules;

namespace UnionOne.Modules.Points;

internal static class PointsModule
{
    public static IServiceCollection AddPointsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PointsIdempotency>();
        services.AddScoped<PointsStaff>();
        services.AddScoped<PointsMembers>();
        services.AddScoped<RuleService>();
        services.AddScoped<ItemService>();
        services.AddScoped<RedemptionService>();
        services.AddScoped<ManualAwardService>();
        services.AddScoped<MemberPoints>();
        services.AddSingleton<AwardRules>();
        services.AddSingleton<IPointsAwarder, PointsAwarder>();
        services.AddSingleton<IPointsDemoSeeder, DemoPoints>();
        return services;
    }

    public static IEndpointRouteBuilder MapPointsModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Balance.Endpoints.Map(api);
        Redemptions.Endpoints.Map(api);
        Rules.Endpoints.Map(api);
        Items.Endpoints.Map(app, api);
        Awards.Endpoints.Map(api);
        return app;
    }
}
