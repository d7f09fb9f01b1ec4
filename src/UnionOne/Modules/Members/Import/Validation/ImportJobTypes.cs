using UnionOne.Modules.Members.Contracts;

namespace UnionOne.Modules.Members.Import.Validation;

/// <summary>
/// Chinese labels of job types as a union writes them in the template (职业类型 column).
/// Import's own copy of the labels; to be unified with the Members module's at merge.
/// </summary>
internal static class ImportJobTypes
{
    public static readonly IReadOnlyList<(JobType Type, string Label)> All =
    [
        (JobType.Worker, "企业职工"),
        (JobType.Teacher, "教师"),
        (JobType.MedicalStaff, "医护人员"),
        (JobType.PublicSector, "机关事业单位"),
        (JobType.Rider, "外卖骑手"),
        (JobType.Courier, "快递员"),
        (JobType.RideHailingDriver, "网约车司机"),
        (JobType.Trucker, "货车司机"),
        (JobType.DomesticWorker, "家政服务员"),
        (JobType.Other, "其他"),
    ];

    private static readonly Dictionary<string, JobType> ByLabel = All.ToDictionary(x => x.Label, x => x.Type);

    public static string LabelList { get; } = string.Join("、", All.Select(x => x.Label));

    public static bool TryParse(string label, out JobType type) => ByLabel.TryGetValue(label.Trim(), out type);

    public static string Label(JobType type) => All.FirstOrDefault(x => x.Type == type).Label ?? "其他";
}
