namespace UnionOne.Modules.SubsidyEvents.Domain;

/// <summary>
/// The subsidy of an event: a percentage off the price between <see cref="MinPercent"/> and <see cref="MaxPercent"/>
/// (by product grade, as the merchant applies it) with a cap per member over the whole event, in fen.
/// </summary>
public sealed record SubsidyRule(int MinPercent, int MaxPercent, long CapFen)
{
    /// <summary>
    /// The subsidy for one purchase: <paramref name="priceFen"/> × <paramref name="percent"/>% rounded down to the fen, never more
    /// than what is left of the cap after <paramref name="usedFen"/>. Throws when the percentage is outside the rule's range.
    /// </summary>
    public long Compute(long priceFen, int percent, long usedFen = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(priceFen);
        ArgumentOutOfRangeException.ThrowIfNegative(usedFen);
        if (percent < MinPercent || percent > MaxPercent) throw new ArgumentOutOfRangeException(nameof(percent), percent, "outside the rule's range");
        var raw = priceFen * percent / 100;
        return Math.Max(0, Math.Min(raw, CapFen - usedFen));
    }
}
