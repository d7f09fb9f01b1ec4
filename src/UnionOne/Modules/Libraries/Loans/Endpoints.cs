using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Libraries.Loans;

internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var desk = api.MapGroup("/libraries/{placeId:long}").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Libraries");
        desk.MapPost("/loans", Borrow).WithSummary("借书（按会员号识别会员；本书屋在架的图书）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        desk.MapPost("/returns", Return).WithSummary("还书（可归还任一职工书屋的图书，图书留在本书屋）")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        desk.MapGet("/loans", async (long placeId, bool? overdue, LibraryAccess access, Lending lending, CancellationToken ct) =>
        {
            await access.RequireAsync(Permission.Read, placeId, ct);
            return TypedResults.Ok(await lending.LibraryLoansAsync(placeId, overdue ?? false, ct));
        }).WithSummary("本书屋图书的在借记录（overdue=true 仅逾期）");
        desk.MapPost("/loans/{loanId:long}/renew", async (long placeId, long loanId, LibraryAccess access, Lending lending, CancellationToken ct) =>
        {
            await access.RequireAsync(Permission.ManagePlaces, placeId, ct);
            return TypedResults.Ok(await lending.RenewAsync(loanId, null, placeId, ct));
        }).WithSummary("续借").ProducesProblem(StatusCodes.Status409Conflict);

        var mine = api.MapGroup("/me/loans").RequireAuthorization(UnionPolicies.MemberApi).WithTags("Libraries");
        mine.MapGet("/", async (ICurrentUser user, Lending lending, IStringLocalizer<LibrariesText> l, CancellationToken ct) =>
            TypedResults.Ok(await lending.MemberLoansAsync(MemberId(user, l), ct))).WithSummary("我的借阅");
        mine.MapPost("/{loanId:long}/renew", async (long loanId, ICurrentUser user, Lending lending, IStringLocalizer<LibrariesText> l, CancellationToken ct) =>
            TypedResults.Ok(await lending.RenewAsync(loanId, MemberId(user, l), null, ct))).WithSummary("续借我的一本书").ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Created<LoanView>> Borrow(long placeId, BorrowInput input, LibraryAccess access, Lending lending, CancellationToken ct)
    {
        await access.RequireAsync(Permission.ManagePlaces, placeId, ct);
        var loan = await lending.BorrowAsync(placeId, input.MemberNo, input.Barcode, LoanChannels.Desk, ct);
        return TypedResults.Created($"/api/v1/libraries/{placeId}/loans", loan);
    }

    private static async Task<Ok<ReturnView>> Return(long placeId, ReturnInput input, LibraryAccess access, Lending lending, CancellationToken ct)
    {
        await access.RequireAsync(Permission.ManagePlaces, placeId, ct);
        return TypedResults.Ok(await lending.ReturnAsync(placeId, input.Barcode, ct));
    }

    private static long MemberId(ICurrentUser user, IStringLocalizer<LibrariesText> l) =>
        user.MemberId ?? throw new ForbiddenException(l["入会后才能借阅图书"]);
}
