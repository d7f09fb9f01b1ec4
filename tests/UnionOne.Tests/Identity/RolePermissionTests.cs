using UnionOne.Modules.Identity.Contracts;

namespace UnionOne.Tests.Identity;

public sealed class RolePermissionTests
{
    [Theory]
    [InlineData(StaffRole.Chair, true)]
    [InlineData(StaffRole.ViceChair, true)]
    [InlineData(StaffRole.Officer, true)]
    [InlineData(StaffRole.Viewer, false)]
    public void Running_places_is_for_acting_roles_and_not_for_viewers(StaffRole role, bool allowed)
    {
        StaffScope.RoleAllows(role, Permission.ManagePlaces).ShouldBe(allowed);
        StaffScope.RoleAllows(role, Permission.Read).ShouldBeTrue();
    }
}
