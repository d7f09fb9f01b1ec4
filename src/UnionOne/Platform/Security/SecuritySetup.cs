using Microsoft.Extensions.Options;

namespace UnionOne.Platform.Security;

internal static class SecuritySetup
{
    public static IServiceCollection AddPersonalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersonalDataOptions>().Bind(configuration.GetSection(PersonalDataOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PersonalDataOptions>, PersonalDataOptionsValidator>();
        services.AddSingleton<IPersonalDataCipher, PersonalDataCipher>();
        return services;
    }
}
