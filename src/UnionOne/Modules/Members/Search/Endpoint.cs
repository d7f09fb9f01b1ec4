using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Members.Search;

internal static class Endpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/members", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Members")
            .WithSummary("会员列表（本级及下级；姓名前缀、手机号、身份证后4位、标签、职业类型、会籍状态；身份证号和手机号脱敏）")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Ok<MemberPage>> Handle([AsParameters] MemberQuery query, MemberSearch search, CancellationToken ct) =>
        TypedResults.Ok(await search.SearchAsync(query, ct));
}
