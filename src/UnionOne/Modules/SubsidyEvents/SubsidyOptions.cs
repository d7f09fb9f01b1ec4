using Microsoft.Extensions.Options;

namespace UnionOne.Modules.SubsidyEvents;

/// <summary>Subsidy events (section "SubsidyEvents"), validated on start.</summary>
internal sealed class SubsidyOptions
{
    public const string Section = "SubsidyEvents";

    /// <summary>Entry is accepted this many minutes before the slot starts and after it ends.</summary>
    public int EntryGraceMinutes { get; set; } = 15;

    /// <summary>How often the worker sends the SMS receipts of new winners.</summary>
    public int ReceiptIntervalSeconds { get; set; } = 5;

    /// <summary>Receipts sent per batch (one transaction per batch).</summary>
    public int ReceiptBatch { get; set; } = 500;

    /// <summary>The worker can be turned off (tests send receipts themselves).</summary>
    public bool WorkerEnabled { get; set; } = true;
}

internal sealed class SubsidyOptionsValidator : IValidateOptions<SubsidyOptions>
{
    public ValidateOptionsResult Validate(string? name, SubsidyOptions o)
    {
        var errors = new List<string>();
        if (o.EntryGraceMinutes is < 0 or > 120) errors.Add("SubsidyEvents:EntryGraceMinutes must be between 0 and 120.");
        if (o.ReceiptIntervalSeconds is < 1 or > 3600) errors.Add("SubsidyEvents:ReceiptIntervalSeconds must be between 1 and 3600.");
        if (o.ReceiptBatch is < 1 or > 10000) errors.Add("SubsidyEvents:ReceiptBatch must be between 1 and 10000.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
