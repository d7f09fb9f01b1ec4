using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Identity;

/// <summary>The app with Information logs captured from every category, so "no phone in the logs" checks see everything the app says.</summary>
public sealed class VerboseLogsApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" };
}
