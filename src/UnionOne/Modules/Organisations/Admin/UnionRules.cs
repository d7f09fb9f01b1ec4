using System.Text.RegularExpressions;
using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.Organisations.Admin;

/// <summary>Field rules for a union, shared by create and edit. Messages are the zh-CN keys of OrganisationsText.</summary>
internal static partial class UnionRules
{
    public static readonly string[] Kinds = ["federation", "industry-federation", "park-federation", "street-federation", "enterprise", "school", "hospital", "public-sector", "other"];

    public static Dictionary<string, string[]> Validate(NewUnion u, UnionSummary? parent, Microsoft.Extensions.Localization.IStringLocalizer l)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];

        var name = (u.Name ?? "").Trim();
        if (name.Length is < 2 or > 100) Add("name", l["工会名称应为2-100个字符"]);
        else if (UnsafeText().IsMatch(name)) Add("name", l["工会名称不能包含 < > 等特殊字符"]);
        if (!Enum.IsDefined(u.Level)) Add("level", l["层级无效"]);
        if (!Kinds.Contains(u.Kind)) Add("kind", l["工会类型无效"]);
        if (u.RegionCode is not null && !Regions.IsValidRegionCode(u.RegionCode)) Add("regionCode", l["行政区划代码应为6位数字，且省级代码有效"]);
        if (u.CreditCode is { Length: > 0 } && SocialCreditCode.TryNormalize(u.CreditCode, out var creditError) is null) Add("creditCode", l[creditError]);
        if (u.Level == UnionLevel.Grassroots && string.IsNullOrWhiteSpace(u.CreditCode)) Add("creditCode", l["基层工会须填写所在单位的统一社会信用代码"]);
        if (u.ContactPhone is { Length: > 0 } && MobilePhone.TryNormalize(u.ContactPhone, out _) is null && !Landline().IsMatch(u.ContactPhone.Trim()))
            Add("contactPhone", l["联系电话应为11位手机号或带区号的固定电话（如 0576-88888888）"]);
        if (u.EmployeesReported < 0) Add("employeesReported", l["职工人数不能为负数"]);
        if (u.FoundedOn is { } founded && founded > DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))) Add("foundedOn", l["成立日期不能晚于今天"]);
        if (u.Address is { Length: > 200 }) Add("address", l["地址不能超过200个字符"]);
        if (u.ContactName is { Length: > 30 }) Add("contactName", l["联系人不能超过30个字符"]);

        if (u.ParentId is null)
        {
            if (u.Level is UnionLevel.Grassroots) Add("parentId", l["基层工会必须有上级工会"]);
        }
        else if (parent is null || !parent.IsActive)
        {
            Add("parentId", l["上级工会不存在或已注销"]);
        }
        else if (parent.Level == UnionLevel.Grassroots)
        {
            Add("parentId", l["基层工会下不能再设工会"]);
        }
        else if ((int)u.Level <= (int)parent.Level)
        {
            Add("level", l["下级工会的层级必须低于上级工会"]);
        }
        return errors;
    }

    [GeneratedRegex(@"[<>""'&\p{Cc}]")]
    private static partial Regex UnsafeText();

    [GeneratedRegex(@"^0\d{2,3}-?\d{7,8}$")]
    private static partial Regex Landline();
}
