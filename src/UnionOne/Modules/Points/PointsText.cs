namespace UnionOne.Modules.Points;

/// <summary>Marker for the Points module's texts (keys are the zh-CN text; PointsText.en.resx holds English).</summary>
public sealed class PointsText;
