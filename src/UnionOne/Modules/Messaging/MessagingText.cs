namespace UnionOne.Modules.Messaging;

/// <summary>Marker for the Messaging module's texts (keys are the zh-CN text; MessagingText.en.resx holds English).</summary>
public sealed class MessagingText;
