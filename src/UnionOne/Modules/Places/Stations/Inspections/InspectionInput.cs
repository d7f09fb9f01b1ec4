namespace UnionOne.Modules.Places.Stations.Inspections;

/// <summary>
/// An inspection as the inspector records it: the checklist (the "六有" plus cleanliness and opening as posted), a score
/// out of 100, the issues found and, when there are issues, the rectification deadline. InspectedOn defaults to today.
/// </summary>
internal sealed record InspectionInput(
    DateOnly? InspectedOn,
    bool? HasSign,
    bool? HasLayout,
    bool? HasFacilities,
    bool? HasFunctions,
    bool? HasRules,
    bool? OnMap,
    bool? Clean,
    bool? OpenAsPosted,
    int? Score,
    string? Issues,
    DateOnly? RectifyBy);

/// <summary>A photo as uploaded (its type is decided from its bytes, not its name).</summary>
internal sealed record PhotoUpload(string FileName, byte[] Bytes);

/// <summary>The checklist items, with their zh-CN labels (also the English resource keys).</summary>
internal static class Checklist
{
    public static readonly (string Field, string Label)[] Items =
    [
        ("hasSign", "有标识"),
        ("hasLayout", "有布局"),
        ("hasFacilities", "有设施"),
        ("hasFunctions", "有功能"),
        ("hasRules", "有制度"),
        ("onMap", "上地图"),
        ("clean", "环境整洁"),
        ("openAsPosted", "按公示时间开放"),
    ];

    public static bool?[] Values(InspectionInput i) =>
        [i.HasSign, i.HasLayout, i.HasFacilities, i.HasFunctions, i.HasRules, i.OnMap, i.Clean, i.OpenAsPosted];
}
