using UnionOne.Modules.Places.Contracts;

namespace UnionOne.Modules.Places.Domain;

/// <summary>Labels (zh-CN keys of PlacesText) for kinds, statuses and the fixed facility vocabulary (codes are stored).</summary>
internal static class PlaceVocabulary
{
    public static readonly IReadOnlyList<(string Code, string Label)> Facilities =
    [
        ("water", "饮水"),
        ("charging", "充电"),
        ("microwave", "微波炉"),
        ("rest", "休息"),
        ("toilet", "卫生间"),
        ("mothers-room", "妈妈小屋"),
        ("books", "图书"),
        ("fitness", "健身"),
        ("legal-aid", "法律援助"),
        ("medical", "医疗"),
        ("first-aid", "急救药箱"),
        ("air-conditioning", "空调"),
        ("wifi", "无线网络"),
        ("repair-kit", "维修工具"),
    ];

    private static readonly Dictionary<string, string> FacilityLabels = Facilities.ToDictionary(f => f.Code, f => f.Label, StringComparer.Ordinal);

    public static bool IsFacility(string code) => FacilityLabels.ContainsKey(code);

    public static string FacilityLabel(string code) => FacilityLabels.GetValueOrDefault(code, code);

    public static string KindLabel(PlaceKind kind) => kind switch
    {
        PlaceKind.CulturalPalace => "工人文化宫",
        PlaceKind.PalaceHall => "文化宫厅室",
        PlaceKind.WorkersHome => "职工之家",
        PlaceKind.OutdoorStation => "户外劳动者驿站",
        PlaceKind.WorkshopStation => "工间活动站",
        PlaceKind.Library => "职工书屋",
        _ => "其他",
    };

    public static string StatusLabel(PlaceStatus status) => status switch
    {
        PlaceStatus.Open => "开放",
        PlaceStatus.Rectifying => "整改中",
        PlaceStatus.Closed => "已关闭",
        _ => "其他",
    };

    public static string AdmissionLabel(PlaceAdmission admits) => admits switch
    {
        PlaceAdmission.AllMembers => "全体会员",
        PlaceAdmission.SubtreeMembers => "本单位及下级工会会员",
        _ => "其他",
    };

    /// <summary>The "六有" checklist items, in order.</summary>
    public static readonly IReadOnlyList<string> ChecklistLabels = ["有标识", "有布局", "有设施", "有功能", "有制度", "上地图"];

    public static readonly IReadOnlyList<string> DayLabels = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
}
