using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;

namespace UnionOne.Modules.Identity.StaffAdministration;

internal static class StaffRoleNames
{
    public static readonly StaffRole[] All = [StaffRole.Chair, StaffRole.ViceChair, StaffRole.Officer, StaffRole.Viewer];

    public static string Label(StaffRole role, IStringLocalizer l) => role switch
    {
        StaffRole.Chair => l["主席"],
        StaffRole.ViceChair => l["副主席"],
        StaffRole.Officer => l["经办人"],
        _ => l["只读"],
    };
}
