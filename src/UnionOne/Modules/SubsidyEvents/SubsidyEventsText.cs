namespace UnionOne.Modules.SubsidyEvents;

/// <summary>Marker for the subsidy events module's texts (keys are the zh-CN text; SubsidyEventsText.en.resx holds English).</summary>
public sealed class SubsidyEventsText;
