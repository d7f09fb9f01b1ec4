namespace UnionOne.Modules.Quizzes.Domain;

/// <summary>Kinds of question (题型).</summary>
public enum QuestionKind : short
{
    /// <summary>单选题</summary>
    Single = 1,

    /// <summary>多选题</summary>
    Multiple = 2,

    /// <summary>判断题 (options 正确 / 错误)</summary>
    TrueFalse = 3,
}

/// <summary>States of an attempt.</summary>
public enum AttemptStatus : short
{
    /// <summary>作答中</summary>
    InProgress = 1,

    /// <summary>已交卷</summary>
    Submitted = 2,

    /// <summary>超时作废</summary>
    Expired = 3,
}

/// <summary>The zh-CN labels (also the localisation keys) and API codes of the quiz vocabulary.</summary>
public static class QuizLabels
{
    public const string True = "正确";
    public const string False = "错误";

    public static string Kind(QuestionKind kind) => kind switch
    {
        QuestionKind.Single => "单选题",
        QuestionKind.Multiple => "多选题",
        _ => "判断题",
    };

    public static string Code(QuestionKind kind) => kind switch
    {
        QuestionKind.Single => "single",
        QuestionKind.Multiple => "multiple",
        _ => "true-false",
    };

    public static QuestionKind? ParseKind(string? code) => (code ?? "").Trim() switch
    {
        "single" or "1" => QuestionKind.Single,
        "multiple" or "2" => QuestionKind.Multiple,
        "true-false" or "3" => QuestionKind.TrueFalse,
        _ => null,
    };

    public static string Status(AttemptStatus status) => status switch
    {
        AttemptStatus.InProgress => "作答中",
        AttemptStatus.Submitted => "已交卷",
        _ => "超时作废",
    };

    public static string Code(AttemptStatus status) => status switch
    {
        AttemptStatus.InProgress => "in-progress",
        AttemptStatus.Submitted => "submitted",
        _ => "expired",
    };

    /// <summary>A name shown to other members on a leaderboard: surname and stars (王**).</summary>
    public static string MaskName(string name) => name.Length <= 1 ? name : name[0] + new string('*', Math.Min(name.Length - 1, 2));
}
