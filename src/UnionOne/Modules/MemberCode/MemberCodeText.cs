namespace UnionOne.Modules.MemberCode;

/// <summary>Marker for the member code module's texts (keys are the zh-CN text; MemberCodeText.en.resx holds English).</summary>
public sealed class MemberCodeText;
