namespace UnionOne.Modules.Quizzes;

/// <summary>Marker for the Quizzes module's texts (keys are the zh-CN text; QuizzesText.en.resx holds English).</summary>
public sealed class QuizzesText;
