using Microsoft.Extensions.Options;
using UnionOne.Modules.Libraries.Catalogue;
using UnionOne.Modules.Libraries.Loans;
using UnionOne.Modules.Libraries.Places;
using UnionOne.Modules.Libraries.Reminders;
using UnionOne.Modules.Libraries.Sip2;

namespace UnionOne.Modules.Libraries;

internal static class LibrariesModule
{
    public static IServiceCollection AddLibrariesModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LibraryOptions>().Bind(configuration.GetSection(LibraryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LibraryOptions>, LibraryOptionsValidator>();
        services.AddOptions<Sip2Options>().Bind(configuration.GetSection(Sip2Options.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Sip2Options>, Sip2OptionsValidator>();

        services.AddSingleton<ILibraryPlaces, PlaceDirectoryAdapter>();
        services.AddScoped<LibraryAccess>();
        services.AddScoped<CatalogueService>();
        services.AddSingleton<Lending>();
        services.AddSingleton<OverdueReminders>();
        services.AddHostedService<OverdueReminderService>();
        services.AddSingleton<Sip2Desk>();
        services.AddSingleton<Sip2Server>();
        services.AddHostedService(sp => sp.GetRequiredService<Sip2Server>());
        return services;
    }

    public static IEndpointRouteBuilder MapLibrariesModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Catalogue.Endpoints.Map(api);
        Loans.Endpoints.Map(api);
        return app;
    }
}
