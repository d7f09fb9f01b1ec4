using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.DemoData;

/// <summary>The app with DemoData:SeedOnStart=true, as `make run` starts it.</summary>
public sealed class DemoApp : UnionOneApp
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["DemoData:SeedOnStart"] = "true" };
}
