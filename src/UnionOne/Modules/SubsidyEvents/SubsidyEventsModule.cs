using FluentValidation;
using Microsoft.Extensions.Options;
using UnionOne.Modules.SubsidyEvents.Apply;
using UnionOne.Modules.SubsidyEvents.Contracts;
using UnionOne.Modules.SubsidyEvents.Domain;
using UnionOne.Modules.SubsidyEvents.Draw;
using UnionOne.Modules.SubsidyEvents.Entry;
using UnionOne.Modules.SubsidyEvents.Events;
using UnionOne.Modules.SubsidyEvents.Receipts;

namespace UnionOne.Modules.SubsidyEvents;

internal static class SubsidyEventsModule
{
    public static IServiceCollection AddSubsidyEventsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SubsidyOptions>().Bind(configuration.GetSection(SubsidyOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SubsidyOptions>, SubsidyOptionsValidator>();
        services.AddScoped<EventStore>();
        services.AddScoped<SubsidyStaff>();
        services.AddScoped<EventService>();
        services.AddScoped<ApplyService>();
        services.AddScoped<MemberEvents>();
        services.AddScoped<DrawService>();
        services.AddScoped<EntryService>();
        services.AddScoped<ReceiptService>();
        services.AddScoped<IValidator<EventInput>, EventInputValidator>();
        services.AddScoped<IValidator<ApplyRequest>, ApplyRequestValidator>();
        services.AddSingleton<ISubsidyDemoSeeder, Demo.DemoSubsidyEvents>();
        services.AddHostedService<ReceiptWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapSubsidyEventsModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Endpoints.Map(api);
        return app;
    }
}
