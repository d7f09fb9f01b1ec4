using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using UnionOne.Platform.Security;

namespace UnionOne.Bench.Infrastructure;

/// <summary>The app's personal-data cipher with the same keys (UNIONONE_SECRETS_FILE), to read phones and compute look-up hashes.</summary>
internal static class Secrets
{
    public static IPersonalDataCipher Cipher()
    {
        var file = Environment.GetEnvironmentVariable("UNIONONE_SECRETS_FILE");
        var builder = new ConfigurationBuilder();
        if (!string.IsNullOrWhiteSpace(file)) builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        var config = builder.AddEnvironmentVariables().Build();
        var options = new PersonalDataOptions();
        config.GetSection(PersonalDataOptions.Section).Bind(options);
        var check = new PersonalDataOptionsValidator().Validate(null, options);
        if (check.Failed) throw new InvalidOperationException("Personal-data keys: " + check.FailureMessage);
        return new PersonalDataCipher(Options.Create(options));
    }
}
