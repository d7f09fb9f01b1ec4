using System.Net;
using Microsoft.Extensions.Options;

namespace UnionOne.Modules.Libraries.Sip2;

/// <summary>
/// The SIP2 service for self-check machines and the public library alliance (section "Libraries:Sip2").
/// Off unless Enabled is set. Each device or partner system logs in (93) with one of the Accounts, which ties the
/// connection to the library where its checkouts and checkins happen.
/// </summary>
internal sealed class Sip2Options
{
    public const string Section = "Libraries:Sip2";

    public bool Enabled { get; set; }

    /// <summary>Address to listen on (127.0.0.1 by default; a deployment behind stunnel or a VPN sets its interface).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 6001;

    /// <summary>Frames without AY/AZ error detection are answered with 96 (request resend).</summary>
    public bool RequireChecksum { get; set; } = true;

    /// <summary>A connection silent this long is closed.</summary>
    public int IdleTimeoutSeconds { get; set; } = 600;

    public int MaxConnections { get; set; } = 64;

    /// <summary>Failed logins (93) on one connection before it is closed.</summary>
    public int MaxFailedLogins { get; set; } = 3;

    /// <summary>Institution id (AO) the service answers with.</summary>
    public string InstitutionId { get; set; } = "UNIONONE";

    public List<Sip2Account> Accounts { get; set; } = [];
}

/// <summary>A device's or partner system's login: user id (CN), password (CO) and the library it serves.</summary>
internal sealed class Sip2Account
{
    public string UserId { get; set; } = "";

    public string Password { get; set; } = "";

    public long LibraryPlaceId { get; set; }
}

internal sealed class Sip2OptionsValidator : IValidateOptions<Sip2Options>
{
    public ValidateOptionsResult Validate(string? name, Sip2Options o)
    {
        if (!o.Enabled) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        if (o.Port is < 0 or > 65535) errors.Add("Libraries:Sip2:Port must be between 0 and 65535.");
        if (!IPAddress.TryParse(o.BindAddress, out _)) errors.Add("Libraries:Sip2:BindAddress must be an IP address.");
        if (o.IdleTimeoutSeconds is < 5 or > 86400) errors.Add("Libraries:Sip2:IdleTimeoutSeconds must be between 5 and 86400.");
        if (o.MaxConnections is < 1 or > 10000) errors.Add("Libraries:Sip2:MaxConnections must be between 1 and 10000.");
        if (o.MaxFailedLogins is < 1 or > 100) errors.Add("Libraries:Sip2:MaxFailedLogins must be between 1 and 100.");
        if (string.IsNullOrWhiteSpace(o.InstitutionId) || o.InstitutionId.Contains('|')) errors.Add("Libraries:Sip2:InstitutionId is required and may not contain '|'.");
        if (o.Accounts.Count == 0) errors.Add("Libraries:Sip2:Accounts needs at least one device account when SIP2 is enabled.");
        for (var i = 0; i < o.Accounts.Count; i++)
        {
            var a = o.Accounts[i];
            if (string.IsNullOrWhiteSpace(a.UserId) || a.UserId.Contains('|')) errors.Add($"Libraries:Sip2:Accounts:{i}:UserId is required and may not contain '|'.");
            if (a.Password.Length < 8) errors.Add($"Libraries:Sip2:Accounts:{i}:Password must have at least 8 characters.");
            if (a.LibraryPlaceId <= 0) errors.Add($"Libraries:Sip2:Accounts:{i}:LibraryPlaceId must be the place id of an opened library.");
        }
        if (o.Accounts.GroupBy(a => a.UserId, StringComparer.Ordinal).Any(g => g.Count() > 1)) errors.Add("Libraries:Sip2:Accounts user ids must be unique.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
