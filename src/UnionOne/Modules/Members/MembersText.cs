namespace UnionOne.Modules.Members;

/// <summary>Marker for the Members module's texts (keys are the zh-CN text; MembersText.en.resx holds English).</summary>
public sealed class MembersText;
