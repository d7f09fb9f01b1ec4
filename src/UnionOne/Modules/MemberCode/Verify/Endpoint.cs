using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.MemberCode.Devices;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.MemberCode.Verify;

/// <summary>What a gate sends: the scanned text and its own device id (which must match its credential).</summary>
public sealed record VerifyRequest(string? Code, long? DeviceId);

internal sealed class VerifyRequestValidator : AbstractValidator<VerifyRequest>
{
    public VerifyRequestValidator(IStringLocalizer<MemberCodeText> l)
    {
        RuleFor(r => r.Code).NotEmpty().WithMessage(l["请提供扫描到的会员码"]).MaximumLength(1024).WithMessage(l["会员码过长"]);
        RuleFor(r => r.DeviceId).NotNull().WithMessage(l["请提供设备编号"]);
    }
}

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapPost("/member-codes/verify", async Task<Ok<GateAnswer>> (VerifyRequest request, HttpContext http, DeviceRegistry devices,
                GateCheck gate, IStringLocalizer<MemberCodeText> l, CancellationToken ct) =>
            {
                var deviceId = http.User.DeviceId();
                if (deviceId != request.DeviceId) throw new ForbiddenException(l["设备编号与所用凭据不符"]);
                var device = await devices.FindAsync(deviceId!.Value, ct) ?? throw new ForbiddenException(l["设备未登记或已停用"]);
                return TypedResults.Ok(await gate.VerifyAsync(device, request.Code!, ct));
            })
            .Validate<VerifyRequest>()
            .RequireAuthorization(DeviceAuth.ApiPolicy)
            .WithTags("Member code")
            .WithSummary("Verify a scanned member code at a gate (device credential)");
}
