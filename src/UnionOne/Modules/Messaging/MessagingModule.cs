using Microsoft.Extensions.Options;
using UnionOne.Modules.Messaging.Contracts;
using UnionOne.Modules.Messaging.Outbox;

namespace UnionOne.Modules.Messaging;

internal static class MessagingModule
{
    public static IServiceCollection AddMessagingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        services.AddSingleton<OutboxQueries>();

        // The development outbox is the default sender; a production provider registers its own ISmsSender
        // under another Sms:Provider name (the validator refuses names this build does not know).
        var provider = configuration[$"{SmsOptions.Section}:{nameof(SmsOptions.Provider)}"] ?? SmsOptions.OutboxProvider;
        if (string.Equals(provider, SmsOptions.OutboxProvider, StringComparison.OrdinalIgnoreCase))
            services.AddSingleton<ISmsSender, OutboxSmsSender>();
        return services;
    }

    public static IEndpointRouteBuilder MapMessagingModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        ListEndpoint.Map(api);
        return app;
    }
}
