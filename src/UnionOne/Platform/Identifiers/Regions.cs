namespace UnionOne.Platform.Identifiers;

/// <summary>
/// Province-level codes of GB/T 2260 (the first two digits of every region code and ID number).
/// Full six-digit codes change over time and old ID numbers keep abolished county codes, so an ID number
/// is checked on its province; union region codes are six digits with a valid province.
/// </summary>
public static class Regions
{
    private static readonly Dictionary<string, string> Provinces = new()
    {
        ["11"] = "北京市", ["12"] = "天津市", ["13"] = "河北省", ["14"] = "山西省", ["15"] = "内蒙古自治区",
        ["21"] = "辽宁省", ["22"] = "吉林省", ["23"] = "黑龙江省",
        ["31"] = "上海市", ["32"] = "江苏省", ["33"] = "浙江省", ["34"] = "安徽省", ["35"] = "福建省", ["36"] = "江西省", ["37"] = "山东省",
        ["41"] = "河南省", ["42"] = "湖北省", ["43"] = "湖南省", ["44"] = "广东省", ["45"] = "广西壮族自治区", ["46"] = "海南省",
        ["50"] = "重庆市", ["51"] = "四川省", ["52"] = "贵州省", ["53"] = "云南省", ["54"] = "西藏自治区",
        ["61"] = "陕西省", ["62"] = "甘肃省", ["63"] = "青海省", ["64"] = "宁夏回族自治区", ["65"] = "新疆维吾尔自治区",
        ["71"] = "台湾省", ["81"] = "香港特别行政区", ["82"] = "澳门特别行政区",
    };

    public static bool IsValidProvince(string twoDigits) => Provinces.ContainsKey(twoDigits);

    public static string? ProvinceName(string code) => code.Length >= 2 ? Provinces.GetValueOrDefault(code[..2]) : null;

    /// <summary>Six digits, valid province, city and county parts not both "00" unless it is a province code.</summary>
    public static bool IsValidRegionCode(string? code) =>
        code is { Length: 6 } && code.All(char.IsAsciiDigit) && IsValidProvince(code[..2]);
}
