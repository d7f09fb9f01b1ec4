namespace UnionOne.Modules.Places.Stations;

/// <summary>Marker for station management's texts (keys are the zh-CN text; StationsText.en.resx holds English).</summary>
public sealed class StationsText;
