namespace UnionOne.Modules.Libraries;

/// <summary>Marker for the Libraries module's texts (keys are the zh-CN text; LibrariesText.en.resx holds English).</summary>
public sealed class LibrariesText;
