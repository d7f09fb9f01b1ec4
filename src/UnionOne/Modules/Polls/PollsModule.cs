using UnionOne.Modules.Polls.Contracts;
using UnionOne.Modules.Polls.Demo;
using UnionOne.Modules.Polls.Domain;
using UnionOne.Modules.Polls.Publishing;
using UnionOne.Modules.Polls.Voting;

namespace UnionOne.Modules.Polls;

internal static class PollsModule
{
    public static IServiceCollection AddPollsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PollStaff>();
        services.AddScoped<PollMembers>();
        services.AddScoped<PollService>();
        services.AddScoped<VoteService>();
        services.AddSingleton<IPollDemoSeeder, DemoPoll>();
        return services;
    }

    public static IEndpointRouteBuilder MapPollsModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Publishing.Endpoints.Map(api);
        Voting.Endpoints.Map(api);
        return app;
    }
}
