using FluentValidation;
using Microsoft.Extensions.Options;
using UnionOne.Modules.Bookings.Book;
using UnionOne.Modules.Bookings.Calendar;
using UnionOne.Modules.Bookings.Domain;
using UnionOne.Modules.Bookings.NoShows;
using UnionOne.Modules.Bookings.Resources;
using UnionOne.Modules.Bookings.Slots;

namespace UnionOne.Modules.Bookings;

internal static class BookingsModule
{
    public static IServiceCollection AddBookingsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BookingOptions>().Bind(configuration.GetSection(BookingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BookingOptions>, BookingOptionsValidator>();
        services.AddSingleton<SlotGenerator>();
        services.AddScoped<BookingPlaces>();
        services.AddScoped<BookingMembers>();
        services.AddScoped<ResourceService>();
        services.AddScoped<BookingService>();
        services.AddScoped<CalendarService>();
        services.AddScoped<NoShowService>();
        services.AddScoped<IValidator<ResourceInput>, ResourceInputValidator>();
        services.AddScoped<IValidator<BookRequest>, BookRequestValidator>();
        services.AddHostedService<BookingsWorker>();
        return services;
    }

    public static IEndpointRouteBuilder MapBookingsModule(this IEndpointRouteBuilder app, IEndpointRouteBuilder api)
    {
        Book.Endpoints.Map(api);
        Resources.Endpoints.Map(api);
        return app;
    }
}
