using UnionOne.Modules.Quizzes.Attempts;
using UnionOne.Modules.Quizzes.Banks;
using UnionOne.Modules.Quizzes.Contracts;
using UnionOne.Modules.Quizzes.Demo;
using UnionOne.Modules.Quizzes.Domain;
using UnionOne.Modules.Quizzes.Leaderboards;
using UnionOne.Modules.Quizzes.Publishing;

namespace UnionOne.Modules.Quizzes;

internal static class QuizzesModule
{
    public static IServiceCollection AddQuizzesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<QuizStaff>();
        services.AddScoped<QuizMembers>();
        services.AddScoped<BankService>();
        services.AddScoped<PublishService>();
        services.AddScoped<AttemptService>();
        services.AddScoped<LeaderboardService>();
        services.AddSingleton<IQuizDemoSeeder, DemoQuiz>();
        return services;
    }

    public static IEndpointRouteBuilder MapQuizzesModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Banks.Endpoints.Map(api);
        Publishing.Endpoints.Map(api);
        Attempts.Endpoints.Map(api);
        return app;
    }
}
