using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Messaging;

/// <summary>
/// Which SMS sender the platform uses (section "Sms"). "Outbox" (the default) is the development sender:
/// texts are written to messaging.sms_outbox and shown to staff at /console/sms-outbox, nothing leaves the
/// machine. A production deployment adds a provider's ISmsSender (e.g. an SMS gateway client) and sets
/// Sms:Provider to its name; the outbox page then stays empty.
/// </summary>
internal sealed class SmsOptions
{
    public const string Section = "Sms";

    public const string OutboxProvider = "Outbox";

    /// <summary>Providers this build knows how to register.</summary>
    public static readonly IReadOnlyList<string> KnownProviders = [OutboxProvider];

    public string Provider { get; set; } = OutboxProvider;

    /// <summary>Rows per page of the outbox page and API (upper bound for the API's pageSize).</summary>
    public int OutboxPageSize { get; set; } = 50;
}

internal sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        var errors = new List<string>();
        if (!SmsOptions.KnownProviders.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
            errors.Add($"Sms:Provider '{options.Provider}' is not known; use one of: {string.Join(", ", SmsOptions.KnownProviders)}.");
        if (options.OutboxPageSize is < 1 or > 500)
            errors.Add("Sms:OutboxPageSize must be between 1 and 500.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
