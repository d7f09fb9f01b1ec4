namespace UnionOne.Modules.Polls;

/// <summary>Marker for the Polls module's texts (keys are the zh-CN text; PollsText.en.resx holds English).</summary>
public sealed class PollsText;
