using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Identity;

/// <summary>Sign-in rules (section "Identity"). The defaults are the platform's policy; tests and operators may tune them.</summary>
internal sealed class IdentityModuleOptions
{
    public const string Section = "Identity";

    /// <summary>Consecutive wrong passwords that lock a staff account.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a staff account's security stamp is trusted from cache before it is read again.</summary>
    public int StampCacheSeconds { get; set; } = 5;

    public int CodeLifetimeMinutes { get; set; } = 5;

    /// <summary>Wrong guesses allowed per one-time code; after that the code is dead.</summary>
    public int CodeMaxAttempts { get; set; } = 5;

    /// <summary>Seconds between two codes for the same phone.</summary>
    public int CodeResendSeconds { get; set; } = 60;

    /// <summary>Codes per phone per calendar day (Beijing time).</summary>
    public int CodesPerDay { get; set; } = 10;

    /// <summary>Per-IP fixed window: sign-in and token posts (pages and API).</summary>
    public int SignInPermitsPerWindow { get; set; } = 60;

    /// <summary>Per-IP fixed window: one-time code requests.</summary>
    public int CodePermitsPerWindow { get; set; } = 30;

    public int RateLimitWindowSeconds { get; set; } = 60;
}

internal sealed class IdentityModuleOptionsValidator : IValidateOptions<IdentityModuleOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityModuleOptions o)
    {
        var errors = new List<string>();
        void Positive(int value, string key) { if (value < 1) errors.Add($"Identity:{key} must be at least 1."); }
        Positive(o.LockoutThreshold, nameof(o.LockoutThreshold));
        Positive(o.LockoutMinutes, nameof(o.LockoutMinutes));
        Positive(o.StampCacheSeconds, nameof(o.StampCacheSeconds));
        Positive(o.CodeLifetimeMinutes, nameof(o.CodeLifetimeMinutes));
        Positive(o.CodeMaxAttempts, nameof(o.CodeMaxAttempts));
        Positive(o.CodeResendSeconds, nameof(o.CodeResendSeconds));
        Positive(o.CodesPerDay, nameof(o.CodesPerDay));
        Positive(o.SignInPermitsPerWindow, nameof(o.SignInPermitsPerWindow));
        Positive(o.CodePermitsPerWindow, nameof(o.CodePermitsPerWindow));
        Positive(o.RateLimitWindowSeconds, nameof(o.RateLimitWindowSeconds));
        if (o.StampCacheSeconds > 60) errors.Add("Identity:StampCacheSeconds must be at most 60: a changed password must end old sessions quickly.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
