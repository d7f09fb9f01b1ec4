using UnionOne.Platform.Problems;

namespace UnionOne.Components.Shared;

/// <summary>
/// What a page shows after a form post: field errors inline, a broken rule as an alert, success as a notice.
/// Pages run use cases through <see cref="RunAsync"/> so the same exceptions the API maps to ProblemDetails
/// become messages on the page, and nothing was changed when one is shown.
/// </summary>
public sealed class FormOutcome
{
    public Dictionary<string, string[]> FieldErrors { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Alert { get; private set; }

    public string? Notice { get; set; }

    public bool NotFound { get; private set; }

    public string? ErrorFor(string field) => FieldErrors.TryGetValue(field, out var e) ? string.Join("；", e) : null;

    public async Task<bool> RunAsync(Func<Task> action, string? successNotice = null)
    {
        FieldErrors.Clear();
        Alert = null;
        Notice = null;
        try
        {
            await action();
            Notice = successNotice;
            return true;
        }
        catch (InputValidationException e)
        {
            foreach (var (k, v) in e.Errors) FieldErrors[k] = v;
            Alert = e.Message;
        }
        catch (BusinessRuleException e)
        {
            Alert = e.Message;
        }
        catch (ForbiddenException e)
        {
            Alert = e.Message;
        }
        catch (NotFoundException e)
        {
            Alert = e.Message;
            NotFound = true;
        }
        return false;
    }
}
