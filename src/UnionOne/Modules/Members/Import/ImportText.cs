namespace UnionOne.Modules.Members.Import;

/// <summary>Marker for the import screens' texts (keys are the zh-CN text; ImportText.en.resx holds English).</summary>
public sealed class ImportText;
