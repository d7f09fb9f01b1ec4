using UnionOne.Components.Shared;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Console;

/// <summary>Runs a page's use case through <see cref="FormOutcome"/> and answers with the status the API would give (400, 403, 404, 409).</summary>
internal static class PageRuns
{
    public static async Task<bool> RunAsync(this FormOutcome outcome, HttpContext http, Func<Task> action, string? successNotice = null)
    {
        var forbidden = false;
        var ok = await outcome.RunAsync(async () =>
        {
            try
            {
                await action();
            }
            catch (ForbiddenException)
            {
                forbidden = true;
                throw;
            }
        }, successNotice);
        if (!ok) http.Response.StatusCode = forbidden ? 403 : outcome.NotFound ? 404 : outcome.FieldErrors.Count > 0 ? 400 : 409;
        return ok;
    }
}
