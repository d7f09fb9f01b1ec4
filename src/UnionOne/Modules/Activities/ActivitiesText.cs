namespace UnionOne.Modules.Activities;

/// <summary>Marker for the Activities module's texts (keys are the zh-CN text; ActivitiesText.en.resx holds English).</summary>
public sealed class ActivitiesText;
