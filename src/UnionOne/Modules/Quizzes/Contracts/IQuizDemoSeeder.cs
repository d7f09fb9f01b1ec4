namespace UnionOne.Modules.Quizzes.Contracts;

/// <summary>Demo data for quizzes (used by the DemoData module).</summary>
public interface IQuizDemoSeeder
{
    /// <summary>
    /// Once per database: a question bank of basics of the Trade Union Law and the Labour Law at <paramref name="cityUnionId"/>
    /// and an open quiz drawn from it. Returns the number of questions added (0 when already seeded).
    /// </summary>
    Task<int> SeedAsync(long cityUnionId, CancellationToken ct = default);
}
