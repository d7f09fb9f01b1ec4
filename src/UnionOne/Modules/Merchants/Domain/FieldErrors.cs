using Microsoft.Extensions.Localization;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Merchants.Domain;

/// <summary>Collects per-field messages (already localised) and throws one InputValidationException (400) when any were added.</summary>
internal sealed class FieldErrors(IStringLocalizer<MerchantsText> l)
{
    private readonly Dictionary<string, string[]> errors = [];

    public void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];

    public bool Has(string field) => errors.ContainsKey(field);

    public void ThrowIfAny()
    {
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);
    }
}
