namespace UnionOne.Modules.Quizzes.Attempts;

/// <summary>The answer to one question: the 1-based option numbers chosen (empty: unanswered).</summary>
internal sealed record AnswerInput(long QuestionId, IReadOnlyList<int>? Choices);

internal sealed record SubmitRequest(IReadOnlyList<AnswerInput>? Answers);

/// <summary>A question as a member sees it while answering: no correct answer, no explanation.</summary>
public sealed record PaperQuestion(long Id, int Position, string Kind, string KindLabel, string Text, IReadOnlyList<string> Options);

/// <summary>A question after submission: what the member chose, what was right, and why.</summary>
public sealed record ReviewedQuestion(long Id, int Position, string Kind, string KindLabel, string Text, IReadOnlyList<string> Options,
    IReadOnlyList<int> Chosen, IReadOnlyList<int> Correct, bool IsCorrect, string? Explanation);

public sealed record AttemptResult(int Score, int Total, int Percent, int PassPercent, bool Passed, long? Points, int Seconds, string Duration,
    IReadOnlyList<ReviewedQuestion> Questions);

/// <summary>
/// A member's attempt. While in progress it carries the paper (questions without answers) and the remaining time;
/// once submitted, the result with the correct answers and explanations; once expired, neither.
/// </summary>
public sealed record AttemptView(long Id, long QuizId, string QuizTitle, int AttemptNo, int MaxAttempts, string Status, string StatusLabel,
    DateTime StartedAt, DateTime DeadlineAt, int RemainingSeconds, IReadOnlyList<PaperQuestion> Questions, AttemptResult? Result);

/// <summary>One of the member's attempts in a list.</summary>
public sealed record MyAttempt(long Id, int AttemptNo, string Status, string StatusLabel, DateTime StartedAt, int? Score, int? Total, bool? Passed);

/// <summary>A quiz as a member sees it in their list: the quiz, their attempts and whether they may start one now.</summary>
public sealed record MemberQuizView(Publishing.QuizView Quiz, int AttemptsUsed, int? BestScore, bool Passed, long? InProgressAttemptId, bool CanStart,
    string? WhyNot, IReadOnlyList<MyAttempt> Attempts);
