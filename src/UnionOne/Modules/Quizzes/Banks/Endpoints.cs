using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using UnionOne.Platform.Auth;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Quizzes.Banks;

/// <summary>/api/v1/quizzes/banks (staff): question banks and their questions.</summary>
internal static class Endpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/quizzes/banks").RequireAuthorization(UnionPolicies.StaffApi).WithTags("Quizzes (staff)");
        group.MapGet("/", List).WithSummary("工会的题库（unionId 必填）").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", Create).WithSummary("新建题库").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}", Get).WithSummary("题库及其题目（含正确答案，仅工作人员）").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/questions", AddQuestion).WithSummary("添加题目（single 单选、multiple 多选、true-false 判断）").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:long}/questions/{questionId:long}", Retire).WithSummary("停用题目（已发布的竞赛不受影响）")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<BankView>>> List(long? unionId, BankService banks, IStringLocalizer<QuizzesText> l, CancellationToken ct) =>
        TypedResults.Ok(await banks.ListAsync(unionId ?? throw new InputValidationException("unionId", l["请选择工会"]), ct));

    private static async Task<Created<BankView>> Create(BankRequest request, BankService banks, CancellationToken ct)
    {
        var bank = await banks.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/quizzes/banks/{bank.Id}", bank);
    }

    private static async Task<Ok<BankDetail>> Get(long id, BankService banks, CancellationToken ct) => TypedResults.Ok(await banks.GetAsync(id, ct));

    private static async Task<Created<QuestionView>> AddQuestion(long id, QuestionRequest request, BankService banks, CancellationToken ct)
    {
        var question = await banks.AddQuestionAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/quizzes/banks/{id}", question);
    }

    private static async Task<NoContent> Retire(long id, long questionId, BankService banks, CancellationToken ct)
    {
        await banks.RetireQuestionAsync(id, questionId, ct);
        return TypedResults.NoContent();
    }
}
