using Microsoft.Extensions.Localization;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Members.Domain;

/// <summary>Collects per-field messages (localised) and throws one InputValidationException (400) when any were added.</summary>
internal sealed class FieldErrors(IStringLocalizer localizer)
{
    private readonly Dictionary<string, string[]> errors = [];

    public bool Any => errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> All => errors;

    public void Add(string field, string message) =>
        errors[field] = [.. errors.GetValueOrDefault(field) ?? [], localizer[message]];

    public void ThrowIfAny()
    {
        if (errors.Count > 0) throw new InputValidationException(errors, localizer["提交的内容有误"]);
    }
}
