using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Domain;

/// <summary>Enum query parameters read by name (any case) or number; anything else is a field error in the caller's words.</summary>
internal static class QueryEnum
{
    public static T? Parse<T>(string? text, string field, string message) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        throw new InputValidationException(field, message);
    }
}
