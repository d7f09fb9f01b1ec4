namespace UnionOne.Modules.Quizzes.Banks;

/// <summary>A new bank: the union that keeps it and its name.</summary>
internal sealed record BankRequest(long? UnionId, string? Name);

/// <summary>
/// A new question. Kind "single", "multiple" or "true-false"; options as typed (true/false questions get 正确/错误);
/// correct holds 1-based option numbers (for true/false: 1 = 正确, 2 = 错误).
/// </summary>
internal sealed record QuestionRequest(string? Kind, string? Text, IReadOnlyList<string?>? Options, IReadOnlyList<int>? Correct, string? Explanation);

public sealed record BankView(long Id, long UnionId, string UnionName, string Name, int Questions, DateTime CreatedAt);

/// <summary>A question as staff see it: with the correct options and the explanation.</summary>
public sealed record QuestionView(long Id, string Kind, string KindLabel, string Text, IReadOnlyList<string> Options, IReadOnlyList<int> Correct,
    string? Explanation, bool Retired);

public sealed record BankDetail(BankView Bank, IReadOnlyList<QuestionView> Questions);
