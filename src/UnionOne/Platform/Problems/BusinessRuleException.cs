namespace UnionOne.Platform.Problems;

/// <summary>A broken business rule (409). The message is shown to the user, already localised.</summary>
internal sealed class BusinessRuleException(string message, string? code = null) : Exception(message)
{
    public string? Code { get; } = code;
}

/// <summary>Input that fails validation deep inside a use case (400), with per-field messages.</summary>
internal sealed class InputValidationException(IDictionary<string, string[]> errors, string? message = null)
    : Exception(message ?? "提交的内容有误")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public InputValidationException(string field, string message) : this(new Dictionary<string, string[]> { [field] = [message] }) { }
}

/// <summary>The thing does not exist, or the caller may not know that it does (404).</summary>
internal sealed class NotFoundException(string message = "未找到") : Exception(message);
