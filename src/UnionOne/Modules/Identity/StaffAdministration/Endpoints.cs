using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.ChangePassword;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Identifiers;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Identity.StaffAdministration;

internal sealed record CreateStaffRequest(string? UserName, string? DisplayName, string? Password, long? UnionId, StaffRole? Role);

internal sealed record SetRoleRequest(StaffRole? Role);

internal sealed record StaffCreated(long Id);

internal sealed class CreateStaffRequestValidator : AbstractValidator<CreateStaffRequest>
{
    public CreateStaffRequestValidator(IStringLocalizer<IdentityText> l)
    {
        RuleFor(r => r.UserName).Custom((name, context) =>
        {
            if (StaffUserName.Check(name, l) is { } error) context.AddFailure(nameof(CreateStaffRequest.UserName), error);
        });
        RuleFor(r => r.DisplayName).Custom((name, context) =>
        {
            if (PersonName.TryNormalize(name, out var error) is null) context.AddFailure(nameof(CreateStaffRequest.DisplayName), l[error]);
        });
        RuleFor(r => r.Password).Custom((password, context) =>
        {
            if (PasswordPolicy.Check(password, context.InstanceToValidate.UserName ?? "", l) is { } error) context.AddFailure(nameof(CreateStaffRequest.Password), error);
        });
        RuleFor(r => r.UnionId).NotNull().WithMessage(_ => l["请选择工会"]).GreaterThan(0).WithMessage(_ => l["请选择工会"]);
        RuleFor(r => r.Role).NotNull().WithMessage(_ => l["请选择角色"]).IsInEnum().WithMessage(_ => l["角色无效"]);
    }
}

internal sealed class SetRoleRequestValidator : AbstractValidator<SetRoleRequest>
{
    public SetRoleRequestValidator(IStringLocalizer<IdentityText> l) =>
        RuleFor(r => r.Role).NotNull().WithMessage(_ => l["请选择角色"]).IsInEnum().WithMessage(_ => l["角色无效"]);
}

/// <summary>User names of staff accounts: 3-32 letters, digits, dot, underscore or dash, starting with a letter or digit.</summary>
internal static class StaffUserName
{
    public static string? Check(string? name, IStringLocalizer l)
    {
        var s = name?.Trim() ?? "";
        if (s.Length == 0) return l["请填写用户名"];
        if (s.Length is < 3 or > 32 || !char.IsAsciiLetterOrDigit(s[0]) || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            return l["用户名须为3-32位字母、数字或“._-”，并以字母或数字开头"];
        return null;
    }
}

/// <summary>/api/v1/staff: staff accounts and their roles within the caller's subtree (AdministerTree).</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/staff").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Identity");
        group.MapGet("/", List).WithSummary("本级及下级工会的工作人员账号");
        group.MapPost("/", Create).Validate<CreateStaffRequest>().WithSummary("新建工作人员账号并授予角色");
        group.MapPut("/{id:long}/roles/{unionId:long}", SetRole).Validate<SetRoleRequest>().WithSummary("授予或变更工作人员在某工会的角色");
        group.MapDelete("/{id:long}/roles/{unionId:long}", Revoke).WithSummary("撤销工作人员在某工会的角色");
    }

    private static async Task<Results<Ok<IReadOnlyList<StaffListItem>>, ProblemHttpResult>> List(IStaffAccess access, StaffAdministration admin, IStringLocalizer<IdentityText> l, CancellationToken ct)
    {
        if (await AdministratorAsync(access, ct) is not { } scope) return Forbidden(l);
        return TypedResults.Ok(await admin.ListAsync(scope, ct));
    }

    private static async Task<Results<Created<StaffCreated>, ProblemHttpResult>> Create(CreateStaffRequest request, IStaffAccess access, StaffAdministration admin, IStringLocalizer<IdentityText> l, CancellationToken ct)
    {
        if (await AdministratorAsync(access, ct) is not { } scope) return Forbidden(l);
        var id = await admin.CreateAsync(scope, request.UserName!.Trim(), PersonName.TryNormalize(request.DisplayName, out _)!, request.Password!,
            request.UnionId!.Value, request.Role!.Value, ct);
        return TypedResults.Created($"/api/v1/staff/{id}", new StaffCreated(id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetRole(long id, long unionId, SetRoleRequest request, IStaffAccess access, StaffAdministration admin, IStringLocalizer<IdentityText> l, CancellationToken ct)
    {
        if (await AdministratorAsync(access, ct) is not { } scope) return Forbidden(l);
        await admin.SetRoleAsync(scope, id, unionId, request.Role!.Value, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(long id, long unionId, IStaffAccess access, StaffAdministration admin, IStringLocalizer<IdentityText> l, CancellationToken ct)
    {
        if (await AdministratorAsync(access, ct) is not { } scope) return Forbidden(l);
        await admin.RevokeAsync(scope, id, unionId, ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Forbidden(IStringLocalizer<IdentityText> l) =>
        TypedResults.Problem(detail: l["需要主席或副主席角色才能管理工作人员"], statusCode: StatusCodes.Status403Forbidden, title: l["没有权限"]);

    private static async Task<StaffScope?> AdministratorAsync(IStaffAccess access, CancellationToken ct) =>
        await access.CurrentAsync(ct) is { } scope && scope.RootsFor(Permission.AdministerTree).Count > 0 ? scope : null;
}
