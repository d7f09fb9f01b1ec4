using UnionOne.Modules.Members.Contracts;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>One member row of the import file, as a union would type it into the template.</summary>
internal sealed record ImportRow(string Name, string IdNumber, string Phone, string JobType, string JoinedOn, string Tags, string Employer)
{
    /// <summary>The template's header row (the import template of the Members module), in its column order.</summary>
    public static readonly string[] Headers = ["姓名", "身份证号", "手机号", "职业类型", "入会日期", "标签", "工作单位"];

    /// <summary>Job types as the template spells them, with how often the generator uses each (a manufacturing city with platform workers).</summary>
    public static readonly IReadOnlyList<(string Label, JobType Type, int Weight)> JobTypes =
    [
        ("企业职工", Modules.Members.Contracts.JobType.Worker, 60),
        ("外卖骑手", Modules.Members.Contracts.JobType.Rider, 8),
        ("快递员", Modules.Members.Contracts.JobType.Courier, 8),
        ("网约车司机", Modules.Members.Contracts.JobType.RideHailingDriver, 5),
        ("货车司机", Modules.Members.Contracts.JobType.Trucker, 5),
        ("家政服务员", Modules.Members.Contracts.JobType.DomesticWorker, 4),
        ("教师", Modules.Members.Contracts.JobType.Teacher, 3),
        ("医护人员", Modules.Members.Contracts.JobType.MedicalStaff, 3),
        ("机关事业单位", Modules.Members.Contracts.JobType.PublicSector, 2),
        ("其他", Modules.Members.Contracts.JobType.Other, 2),
    ];

    public string[] Cells => [Name, IdNumber, Phone, JobType, JoinedOn, Tags, Employer];

    public string ToTsv() => string.Join('\t', Cells);

    public static ImportRow FromTsv(string line)
    {
        var c = line.Split('\t');
        return new ImportRow(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    }
}
