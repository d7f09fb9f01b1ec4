using UnionOne.Modules.Members.Contracts;

namespace UnionOne.Modules.DemoData;

/// <summary>The demo city: 台州 (Taizhou, Zhejiang) with five districts and county-level cities, their streets and towns, and local industries.</summary>
internal static class DemoCatalog
{
    public const string CityName = "台州市总工会";
    public const string CityRegion = "331000";

    public sealed record District(
        string Name, string Short, string Region, string UnionName, string Prefix,
        string[] Streets, (string Name, string Kind, string Street)[] Federations, string[] Industries);

    public static readonly District[] Districts =
    [
        new("椒江区", "椒江", "331002", "椒江区总工会", "台州市椒江区",
            ["海门街道", "白云街道", "葭沚街道", "洪家街道", "下陈街道", "前所街道"],
            [("椒江区海门街道总工会", "street-federation", "海门街道"), ("椒江区白云街道总工会", "street-federation", "白云街道"),
             ("台州湾新区（椒江）产业园工会联合会", "park-federation", "下陈街道")],
            ["医药化工", "缝制设备", "汽车部件", "塑料制品", "智能马桶", "船舶修造"]),
        new("黄岩区", "黄岩", "331003", "黄岩区总工会", "台州市黄岩区",
            ["东城街道", "西城街道", "南城街道", "新前街道", "江口街道", "院桥镇"],
            [("黄岩区东城街道总工会", "street-federation", "东城街道"), ("黄岩区新前街道总工会", "street-federation", "新前街道"),
             ("黄岩经济开发区工会联合会", "park-federation", "江口街道")],
            ["模具", "塑料制品", "工艺美术", "医药化工", "汽车部件"]),
        new("路桥区", "路桥", "331004", "路桥区总工会", "台州市路桥区",
            ["路桥街道", "路南街道", "螺洋街道", "桐屿街道", "峰江街道", "金清镇"],
            [("路桥区路桥街道总工会", "street-federation", "路桥街道"), ("路桥区峰江街道总工会", "street-federation", "峰江街道"),
             ("路桥经济开发区工会联合会", "park-federation", "金清镇")],
            ["金属再生", "汽车部件", "机电", "小商品", "鞋业"]),
        new("温岭市", "温岭", "331081", "温岭市总工会", "温岭市",
            ["太平街道", "城东街道", "城西街道", "横峰街道", "泽国镇", "大溪镇", "松门镇"],
            [("温岭市太平街道总工会", "street-federation", "太平街道"), ("温岭市泽国镇总工会", "street-federation", "泽国镇"),
             ("温岭市大溪镇总工会", "street-federation", "大溪镇")],
            ["泵业", "鞋业", "机电", "汽摩配", "船舶修造"]),
        new("玉环市", "玉环", "331083", "玉环市总工会", "玉环市",
            ["玉城街道", "坎门街道", "大麦屿街道", "楚门镇", "清港镇", "沙门镇"],
            [("玉环市玉城街道总工会", "street-federation", "玉城街道"), ("玉环市楚门镇总工会", "street-federation", "楚门镇"),
             ("玉环经济开发区工会联合会", "park-federation", "大麦屿街道")],
            ["阀门", "汽摩配", "水暖管件", "机床", "家具"]),
    ];

    /// <summary>What a company of the industry is called: 泵业, 阀门, 汽车部件…</summary>
    public static readonly Dictionary<string, string> ProductWords = new()
    {
        ["医药化工"] = "药业", ["缝制设备"] = "缝制设备", ["汽车部件"] = "汽车部件", ["塑料制品"] = "塑业", ["智能马桶"] = "智能卫浴",
        ["船舶修造"] = "船舶修造", ["模具"] = "模具", ["工艺美术"] = "工艺品", ["金属再生"] = "再生资源", ["机电"] = "机电",
        ["小商品"] = "日用品", ["鞋业"] = "鞋业", ["泵业"] = "泵业", ["汽摩配"] = "汽摩配件", ["阀门"] = "阀门",
        ["水暖管件"] = "水暖管件", ["机床"] = "机床", ["家具"] = "家具",
    };

    public static readonly string[] BrandChars =
    [
        "恒", "华", "永", "泰", "鑫", "宏", "安", "盛", "力", "达", "博", "远", "精", "诚", "凯", "瑞", "新", "天", "康", "利",
        "通", "锦", "宇", "佳", "丰", "隆", "源", "顺", "兴", "荣", "海", "金", "东", "正", "欧", "立", "信", "德", "明", "昌",
    ];

    public static readonly string[] Roads =
    [
        "市府大道", "东环大道", "开发大道", "劳动路", "商海街", "中山路", "文化路", "解放路", "西环路", "腾达路", "工人路", "人民路",
        "青年路", "经中路", "北环大道", "新兴路", "兴业路", "科技路", "创业路", "滨海大道",
    ];

    public static readonly string[] Schools = ["第一中学", "第二中学", "实验小学", "外国语学校", "职业中等专业学校", "实验幼儿园"];

    public static readonly string[] Hospitals = ["人民医院", "中医院", "妇幼保健院"];

    public static readonly string[] Bureaus =
    [
        "人力资源和社会保障局机关", "交通运输局机关", "市场监督管理局机关", "住房和城乡建设局机关", "应急管理局机关",
    ];

    public static readonly string[] Tags = ["劳模", "工匠", "困难职工", "退役军人"];

    /// <summary>Who works in a union of this profile, and how likely each tag is.</summary>
    public sealed record Workforce((JobType Type, int Weight)[] Jobs, double MaleShare, int MinMembers, int MaxMembers);

    public static readonly Dictionary<string, Workforce> Workforces = new()
    {
        ["factory"] = new([(JobType.Worker, 90), (JobType.Trucker, 4), (JobType.Other, 6)], 0.62, 30, 260),
        ["logistics"] = new([(JobType.Trucker, 65), (JobType.Worker, 35)], 0.85, 30, 120),
        ["school"] = new([(JobType.Teacher, 85), (JobType.Other, 15)], 0.3, 40, 150),
        ["hospital"] = new([(JobType.MedicalStaff, 85), (JobType.Other, 15)], 0.28, 120, 500),
        ["public"] = new([(JobType.PublicSector, 100)], 0.55, 25, 90),
        ["riders"] = new([(JobType.Rider, 100)], 0.9, 30, 140),
        ["couriers"] = new([(JobType.Courier, 100)], 0.88, 25, 90),
        ["ride-hailing"] = new([(JobType.RideHailingDriver, 100)], 0.92, 30, 120),
        ["domestic"] = new([(JobType.DomesticWorker, 100)], 0.08, 20, 70),
    };
}
