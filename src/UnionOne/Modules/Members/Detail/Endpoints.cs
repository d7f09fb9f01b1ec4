using Microsoft.AspNetCore.Http.HttpResults;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Detail;

internal sealed record RevealInput(string? Field);

internal sealed record RevealedValue(string Field, string Value);

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/members/{id:long}", async (long id, MemberDetails details, CancellationToken ct) => TypedResults.Ok(await details.GetAsync(id, ct)))
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Members")
            .WithSummary("会员详情（脱敏）与会籍历史")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/members/{id:long}/reveal", Reveal)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Members")
            .WithSummary("查看完整身份证号或手机号（field=idNumber|phone；记入审计日志）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<RevealedValue>> Reveal(long id, RevealInput? input, MemberDetails details, CancellationToken ct)
    {
        var field = MemberDetails.ParseField(input?.Field) ?? throw new InputValidationException("field", "field 只能是 idNumber 或 phone");
        var value = await details.RevealAsync(id, field, ct);
        return TypedResults.Ok(new RevealedValue(field == RevealField.IdNumber ? "idNumber" : "phone", value));
    }
}
