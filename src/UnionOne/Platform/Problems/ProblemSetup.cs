using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using UnionOne.Platform.Localization;

namespace UnionOne.Platform.Problems;

internal static class ProblemSetup
{
    public static IServiceCollection AddUnionOneProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
            if (string.IsNullOrEmpty(ctx.ProblemDetails.Title) || ctx.ProblemDetails.Title.All(c => c < 128))
            {
                var l = ctx.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<PlatformText>>();
                ctx.ProblemDetails.Title = ctx.ProblemDetails.Status switch
                {
                    400 => l["请求有误"],
                    401 => l["请先登录"],
                    403 => l["没有权限"],
                    404 => l["未找到"],
                    405 => l["不支持该请求方法"],
                    409 => l["与业务规则冲突"],
                    413 => l["提交的内容过大"],
                    429 => l["请求过于频繁，请稍后再试"],
                    503 => l["服务暂时不可用，请稍后再试"],
                    _ => ctx.ProblemDetails.Title ?? l["服务器内部错误"],
                };
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }
}

/// <summary>Maps the platform's exceptions to ProblemDetails: rule 409, validation 400, missing 404.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, IStringLocalizer<PlatformText> l, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    private static bool AcceptsHtml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>A browser gets a plain page in its language, not JSON.</summary>
    private async Task WriteHtmlAsync(HttpContext context, ProblemDetails problem)
    {
        var encode = System.Text.Encodings.Web.HtmlEncoder.Default;
        var title = encode.Encode(problem.Title ?? "");
        var detail = encode.Encode(problem.Detail ?? "");
        var home = encode.Encode(l["返回首页"]);
        var lang = System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.Ordinal) ? "en" : "zh-CN";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>{title}</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>" +
            $"<body><main class=\"page\"><h1>{title}</h1><p>{detail}</p><p><a href=\"/\">{home}</a></p></main></body></html>");
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case BusinessRuleException rule:
                problem = new ProblemDetails { Status = 409, Title = l["与业务规则冲突"], Detail = rule.Message };
                if (rule.Code is not null) problem.Extensions["code"] = rule.Code;
                break;
            case InputValidationException invalid:
                problem = new HttpValidationProblemDetails(invalid.Errors) { Status = 400, Title = l["提交的内容有误"], Detail = invalid.Message };
                break;
            case NotFoundException missing:
                problem = new ProblemDetails { Status = 404, Title = l["未找到"], Detail = missing.Message };
                break;
            case ForbiddenException forbidden:
                problem = new ProblemDetails { Status = 403, Title = l["没有权限"], Detail = forbidden.Message };
                break;
            case UnauthorizedAccessException:
                problem = new ProblemDetails { Status = 401, Title = l["请先登录"] };
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails { Status = bad.StatusCode, Title = l["请求有误"], Detail = bad.StatusCode == 413 ? l["提交的内容过大"] : l["请求格式不正确"] };
                break;
            // Text PostgreSQL cannot hold (a NUL in a multipart text field, which is not scanned on the way in because its files may
            // hold NUL bytes): the statement failed and its transaction rolled back, so this is bad input that changed nothing.
            case Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire or Npgsql.PostgresErrorCodes.UntranslatableCharacter }:
                problem = new ProblemDetails { Status = 400, Title = l["请求有误"], Detail = l["提交的文字中含有不允许的控制字符，请删除后重试"] };
                break;
            // Disk full (SQLSTATE 53100): PostgreSQL refused to extend a file and rolled the transaction back, so nothing of the
            // request was saved; the same request may be sent again once an operator has freed space.
            case Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DiskFull }:
                logger.LogError("Database storage is full (SQLSTATE 53100) on {Path}: free space on the PostgreSQL data directory", httpContext.Request.Path);
                problem = new ProblemDetails { Status = 503, Title = l["服务暂时不可用，请稍后再试"], Detail = l["数据库存储空间已满，本次操作没有保存，请稍后再试"] };
                httpContext.Response.Headers.RetryAfter = "30";
                break;
            // Sessions ended by the server: shut down by an administrator, or by the restart after another backend's PANIC
            // (for example a WAL write on a full disk), or refused while it recovers.
            case Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.AdminShutdown or Npgsql.PostgresErrorCodes.CrashShutdown or Npgsql.PostgresErrorCodes.CannotConnectNow }:
            case Npgsql.NpgsqlException db when db.IsTransient || db.InnerException is System.Net.Sockets.SocketException:
                problem = new ProblemDetails { Status = 503, Title = l["服务暂时不可用，请稍后再试"], Detail = l["数据库暂时不可用"] };
                httpContext.Response.Headers.RetryAfter = "5";
                // The server went away, and the pool's idle connections died with it: drop them now, so that the requests
                // after this one open fresh connections instead of each failing once on a dead one.
                if (exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.AdminShutdown or Npgsql.PostgresErrorCodes.CrashShutdown }
                    || exception.InnerException is IOException or System.Net.Sockets.SocketException)
                    httpContext.RequestServices.GetService<Npgsql.NpgsqlDataSource>()?.Clear();
                break;
            default:
                logger.LogError(exception, "Unhandled exception on {Path}", httpContext.Request.Path);
                problem = new ProblemDetails { Status = 500, Title = l["服务器内部错误"] };
                break;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (!httpContext.Request.Path.StartsWithSegments("/api") && AcceptsHtml(httpContext.Request))
        {
            await WriteHtmlAsync(httpContext, problem);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}

internal static class Problem
{
    public static ValidationProblem Validation(string field, string message, string title = "提交的内容有误") =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title);

    public static ProblemHttpResult Conflict(string detail, string title = "与业务规则冲突") =>
        TypedResults.Problem(detail: detail, statusCode: 409, title: title);

    public static ProblemHttpResult NotFound(string detail = "未找到") =>
        TypedResults.Problem(detail: detail, statusCode: 404, title: "未找到");
}
