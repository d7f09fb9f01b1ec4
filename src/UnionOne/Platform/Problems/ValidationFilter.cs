using FluentValidation;
using Microsoft.Extensions.Localization;
using UnionOne.Platform.Localization;

namespace UnionOne.Platform.Problems;

/// <summary>Runs the FluentValidation validator of the request type before the endpoint; 400 with field errors.</summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator, IStringLocalizer<PlatformText> l) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [l["请求内容不能为空"]] }, title: l["提交的内容有误"]);

        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (result.IsValid) return await next(context);

        var errors = result.Errors
            .GroupBy(e => JsonName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return TypedResults.ValidationProblem(errors, title: l["提交的内容有误"]);
    }

    private static string JsonName(string property) =>
        string.IsNullOrEmpty(property) ? "body" : char.ToLowerInvariant(property[0]) + property[1..];
}

internal static class ValidationFilterExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
