namespace UnionOne.Modules.Quizzes.Publishing;

/// <summary>
/// A quiz to publish to the union's subtree. QuestionIds: a fixed list from the bank (null or empty: every question of the
/// bank that is not retired, in bank order). MaxAttempts 1 = one attempt; N = best of N.
/// </summary>
internal sealed record QuizRequest(
    long? UnionId,
    long? BankId,
    string? Title,
    string? Description,
    IReadOnlyList<long>? QuestionIds,
    int? TimeLimitMinutes,
    int? MaxAttempts,
    int? PassPercent,
    bool AwardsPoints,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt);

/// <summary>A quiz with its state ("upcoming", "open", "closed") and how many members took part and passed.</summary>
public sealed record QuizView(
    long Id,
    long UnionId,
    string UnionName,
    long BankId,
    string Title,
    string? Description,
    int Questions,
    int TimeLimitMinutes,
    int MaxAttempts,
    int PassPercent,
    bool AwardsPoints,
    DateTime OpensAt,
    DateTime ClosesAt,
    string State,
    string StateLabel,
    int Participants,
    int Passed);
