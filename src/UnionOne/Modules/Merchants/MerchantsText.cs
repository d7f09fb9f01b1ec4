namespace UnionOne.Modules.Merchants;

/// <summary>Marker for the merchants module's texts (keys are the zh-CN text; MerchantsText.en.resx holds English).</summary>
public sealed class MerchantsText;
