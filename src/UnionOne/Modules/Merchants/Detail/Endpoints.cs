using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Merchants.Contracts;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Detail;

public sealed record RevealedPhone(string ContactPhone);

internal static class Endpoints
{
    public static void Map(RouteGroupBuilder staff)
    {
        staff.MapGet("", async (long? unionId, long? batchId, string? status, string? q, MerchantQueries queries, IStringLocalizer<MerchantsText> l, CancellationToken ct) =>
            {
                MerchantStatus? parsed = null;
                if (!string.IsNullOrWhiteSpace(status))
                {
                    if (!Enum.TryParse<MerchantStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s))
                        throw new InputValidationException("status", l["状态无效"]);
                    parsed = s;
                }
                return TypedResults.Ok(await queries.ListAsync(new MerchantFilter(unionId, batchId, parsed, q), ct));
            })
            .WithSummary("本级及下级工会的商户与申请（联系电话脱敏）");
        staff.MapGet("/{id:long}", async (long id, MerchantQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(id, ct)))
            .WithSummary("商户详情、状态历史、异议与收银设备");
        staff.MapPost("/{id:long}/reveal-phone", async Task<Ok<RevealedPhone>> (long id, MerchantQueries queries, CancellationToken ct) =>
                TypedResults.Ok(new RevealedPhone(await queries.RevealPhoneAsync(id, ct))))
            .WithSummary("查看完整联系电话（记入审计日志）");
    }
}
