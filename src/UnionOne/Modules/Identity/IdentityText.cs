namespace UnionOne.Modules.Identity;

/// <summary>Marker for the Identity module's texts (keys are the zh-CN text; IdentityText.en.resx holds English).</summary>
public sealed class IdentityText;
