using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.Places.Manage;

/// <summary>Field rules of a place, shared by the API and the console. Field names are the JSON (camelCase) names.</summary>
internal static partial class PlaceRules
{
    public const int MaxCapacity = 100_000;

    /// <summary>A valid, normalised copy of the input and no errors; or the errors (zh-CN, localised).</summary>
    public static Dictionary<string, string[]> Validate(PlaceInput input, IStringLocalizer l, out PlaceInput normalised)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];

        var name = (input.Name ?? "").Trim();
        if (name.Length is < 2 or > 60) Add("name", l["名称应为2-60个字符"]);
        else if (UnsafeText().IsMatch(name)) Add("name", l["名称不能包含 < > 等特殊字符"]);

        var address = (input.Address ?? "").Trim();
        if (address.Length is < 2 or > 200) Add("address", l["地址应为2-200个字符"]);
        else if (UnsafeText().IsMatch(address)) Add("address", l["地址不能包含 < > 等特殊字符"]);

        if (!Enum.IsDefined(input.Kind)) Add("kind", l["请选择阵地类型"]);
        if (!Enum.IsDefined(input.Admits)) Add("admits", l["请选择准入范围"]);
        if (input.UnionId <= 0) Add("unionId", l["请选择所属工会"]);

        if (input.Kind == PlaceKind.PalaceHall && input.ParentPlaceId is null) Add("parentPlaceId", l["文化宫厅室须选择所属工人文化宫"]);
        if (input.Kind != PlaceKind.PalaceHall && input.ParentPlaceId is not null) Add("parentPlaceId", l["只有文化宫厅室需要选择所属文化宫"]);

        ValidateCoordinates(input.Latitude, input.Longitude, l, Add);

        var hourErrors = OpeningHours.Validate(input.Open24h, input.OpeningHours, out var rules);
        foreach (var e in hourErrors) Add("openingHours", l[e]);

        var facilities = (input.Facilities ?? []).Select(f => (f ?? "").Trim()).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (facilities.FirstOrDefault(f => !PlaceVocabulary.IsFacility(f)) is { } unknown) Add("facilities", l["未知的设施：{0}", unknown]);

        if (input.Capacity is null) Add("capacity", l["请填写容纳人数"]);
        else if (input.Capacity is < 0 or > MaxCapacity) Add("capacity", l["容纳人数应在0-100000之间"]);

        if (input.TypicalStayMinutes is { } stay && stay is < 5 or > 720) Add("typicalStayMinutes", l["平均停留时间应在5-720分钟之间"]);

        string? phone = null;
        if (!string.IsNullOrWhiteSpace(input.ContactPhone))
        {
            phone = NormalisePhone(input.ContactPhone);
            if (phone is null) Add("contactPhone", l["联系电话应为11位手机号、带区号的固定电话（如 0576-88888888）或服务热线"]);
        }

        normalised = input with
        {
            Name = name,
            Address = address,
            OpeningHours = input.Open24h ? [] : rules,
            Facilities = PlaceVocabulary.Facilities.Select(f => f.Code).Where(facilities.Contains).ToList(),
            ContactPhone = phone,
            Checklist = input.Checklist ?? PlaceChecklist.None,
        };
        return errors;
    }

    public static void ValidateCoordinates(double? latitude, double? longitude, IStringLocalizer l, Action<string, string> add)
    {
        if (latitude is not { } lat || double.IsNaN(lat)) add("latitude", l["请填写纬度"]);
        else if (lat is < -90 or > 90) add("latitude", l["纬度应在-90到90之间"]);
        if (longitude is not { } lng || double.IsNaN(lng)) add("longitude", l["请填写经度"]);
        else if (lng is < -180 or > 180) add("longitude", l["经度应在-180到180之间"]);
        if (latitude is { } a && longitude is { } b && a is >= -90 and <= 90 && b is >= -180 and <= 180)
        {
            if (Math.Abs(a) < 1e-6 && Math.Abs(b) < 1e-6) add("latitude", l["坐标不能为 0,0，请在地图上取点"]);
            else if (ChinaCoordinates.OutOfChina(a, b)) add("latitude", l["坐标不在中国境内，请检查是否把经纬度填反"]);
        }
    }

    /// <summary>A mobile number, a landline with area code (and extension), or a 3-5 digit hotline such as 12351; null when none fits.</summary>
    public static string? NormalisePhone(string text)
    {
        var t = text.Trim();
        if (MobilePhone.TryNormalize(t, out _) is { } mobile) return mobile;
        if (Landline().IsMatch(t)) return t;
        if (Hotline().IsMatch(t)) return t.Replace(" ", "", StringComparison.Ordinal);
        return null;
    }

    [GeneratedRegex(@"[<>""&\p{Cc}]")]
    private static partial Regex UnsafeText();

    [GeneratedRegex(@"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")]
    private static partial Regex Landline();

    [GeneratedRegex(@"^(1\d{4}|[48]00-?\d{3}-?\d{4})$")]
    private static partial Regex Hotline();
}
