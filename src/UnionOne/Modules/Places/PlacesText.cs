namespace UnionOne.Modules.Places;

/// <summary>Marker for the Places module's texts (keys are the zh-CN text; PlacesText.en.resx holds English).</summary>
public sealed class PlacesText;
