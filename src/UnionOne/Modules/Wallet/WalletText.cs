namespace UnionOne.Modules.Wallet;

/// <summary>Marker for the Wallet module's texts (keys are the zh-CN text; WalletText.en.resx holds English).</summary>
public sealed class WalletText;
