namespace UnionOne.Tests.MemberCode;

/// <summary>A clock the test moves by hand (for a device that has been offline for a while).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
