using Microsoft.AspNetCore.Http;

namespace UnionOne.Components.Shared;

/// <summary>Plain form posts of pages (polls, quizzes): values as typed, and the status code a refused post answers with.</summary>
internal static class PageForm
{
    public static string Value(HttpContext context, string name) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType ? context.Request.Form[name].ToString() : "";

    public static IReadOnlyList<string> Values(HttpContext context, string name) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType ? context.Request.Form[name].Select(v => v ?? "").ToList() : [];

    public static int? Int(HttpContext context, string name) =>
        int.TryParse(Value(context, name).Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public static long? Long(HttpContext context, string name) =>
        long.TryParse(Value(context, name).Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public static int StatusOf(FormOutcome outcome) => outcome.FieldErrors.Count > 0 ? 400 : outcome.NotFound ? 404 : 409;
}
