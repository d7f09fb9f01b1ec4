namespace UnionOne.Platform.Localization;

/// <summary>Marker for the platform's own texts (keys are the zh-CN text; PlatformText.en.resx holds English).</summary>
public sealed class PlatformText;
