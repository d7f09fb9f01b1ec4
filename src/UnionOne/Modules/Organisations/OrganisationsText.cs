namespace UnionOne.Modules.Organisations;

/// <summary>Marker for the module's texts (keys are zh-CN; OrganisationsText.en.resx holds English).</summary>
public sealed class OrganisationsText;
