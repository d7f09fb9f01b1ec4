using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using UnionOne.Platform.Auth;

namespace UnionOne.Modules.Messaging.Outbox;

internal static class ListEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/sms-outbox", Handle)
            .RequireAuthorization(UnionPolicies.StaffApi)
            .WithTags("Messaging")
            .WithSummary("开发用短信发件箱（最新在前，手机号已脱敏）");

    private static async Task<Ok<OutboxPage>> Handle(int? page, int? pageSize, OutboxQueries queries, IOptions<SmsOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(page ?? 1, Math.Min(pageSize ?? options.Value.OutboxPageSize, 500), ct));
}
