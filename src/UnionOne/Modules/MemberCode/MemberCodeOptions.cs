using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace UnionOne.Modules.MemberCode;

/// <summary>Member code settings ("MemberCode" section), validated on start.</summary>
internal sealed class MemberCodeOptions
{
    public const string Section = "MemberCode";

    /// <summary>How long a code is valid after it is issued; the issue requires at most 60 s.</summary>
    [Range(10, 60)]
    public int LifetimeSeconds { get; set; } = 60;

    /// <summary>How often the card page fetches a fresh code.</summary>
    [Range(5, 55)]
    public int RefreshSeconds { get; set; } = 30;

    /// <summary>Clock difference tolerated between the server and a device.</summary>
    [Range(0, 30)]
    public int ClockSkewSeconds { get; set; } = 5;

    /// <summary>How long a device may verify offline with the bundle it downloaded (at least 10 minutes).</summary>
    [Range(10, 120)]
    public int OfflineMinutes { get; set; } = 15;

    /// <summary>How often the server re-reads revocations (membership changes and suspensions) for online verification.</summary>
    [Range(0, 60)]
    public int RevocationRefreshSeconds { get; set; } = 2;

    /// <summary>How long a revocation stays on the list; longer than any code's life plus the offline period is enough.</summary>
    [Range(1, 48)]
    public int RevocationWindowHours { get; set; } = 2;

    /// <summary>How long a device's registration is trusted from cache before it is re-read (a revoked device stops within this).</summary>
    [Range(0, 60)]
    public int DeviceCacheSeconds { get; set; } = 5;
}

/// <summary>The ranges above, and a refresh shorter than a code's life (else the card would show expired codes).</summary>
internal sealed class MemberCodeOptionsValidator : IValidateOptions<MemberCodeOptions>
{
    public ValidateOptionsResult Validate(string? name, MemberCodeOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var errors = results.Select(r => $"MemberCode:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
        if (options.RefreshSeconds >= options.LifetimeSeconds) errors.Add("MemberCode:RefreshSeconds must be shorter than LifetimeSeconds.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
