using UnionOne.Modules.Identity.Contracts;

namespace UnionOne.Modules.DemoData;

/// <summary>The demo staff accounts, one per level (also in docs/demo-accounts.md). Demo only: change or remove them in production.</summary>
internal static class DemoAccounts
{
    public const string Password = "Demo@2026union";

    /// <summary>User name, display name, the union (by name) the role is on, and the role.</summary>
    public static readonly (string UserName, string DisplayName, string Union, StaffRole Role)[] All =
    [
        ("city_admin", "台州市总工会 主席（演示）", DemoCatalog.CityName, StaffRole.Chair),
        ("jiaojiang_admin", "椒江区总工会 经办人（演示）", "椒江区总工会", StaffRole.Officer),
        ("haimen_admin", "海门街道总工会 经办人（演示）", "椒江区海门街道总工会", StaffRole.Officer),
        ("riders_admin", "外卖配送行业工会联合会 经办人（演示）", "台州市外卖配送行业工会联合会", StaffRole.Officer),
        ("factory_admin", "基层工会 经办人（演示）", FactoryMarker, StaffRole.Officer),
        ("city_viewer", "台州市总工会 只读（演示）", DemoCatalog.CityName, StaffRole.Viewer),
    ];

    /// <summary>Stands for "the first grassroots union under 海门街道总工会" (its name is generated).</summary>
    public const string FactoryMarker = "<first grassroots union of 椒江区海门街道总工会>";
}
