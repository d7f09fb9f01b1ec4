using Dapper;
using Npgsql;
using UnionOne.Modules.Quizzes.Contracts;
using UnionOne.Modules.Quizzes.Domain;

namespace UnionOne.Modules.Quizzes.Demo;

/// <summary>
/// The demo city's quiz: a bank of ten questions on basics of the Trade Union Law (工会法) and the Labour Law (劳动法) and an
/// open quiz over all of them (10 minutes, best of 3, pass at 60, points by the points rules), in one transaction, once.
/// </summary>
internal sealed class DemoQuiz(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<DemoQuiz> logger) : IQuizDemoSeeder
{
    public const string BankName = "工会法与劳动法基础题库";
    public const string Title = "工会法与劳动法知识竞赛";

    private static readonly (QuestionKind Kind, string Text, string[] Options, short[] Correct, string Explanation)[] Questions =
    [
        (QuestionKind.TrueFalse, "工会是中国共产党领导的职工自愿结合的工人阶级群众组织。", [QuizLabels.True, QuizLabels.False], [1],
            "《工会法》第二条：工会是中国共产党领导的职工自愿结合的工人阶级群众组织。"),
        (QuestionKind.Single, "企业、事业单位、社会组织有会员多少人以上的，应当建立基层工会委员会？", ["10人", "25人", "50人", "100人"], [2],
            "《工会法》第十一条：有会员二十五人以上的，应当建立基层工会委员会。"),
        (QuestionKind.Single, "建立工会组织的单位，按每月全部职工工资总额的多少向工会拨缴经费？", ["百分之一", "百分之二", "百分之三", "百分之五"], [2],
            "《工会法》第四十三条：按每月全部职工工资总额的百分之二向工会拨缴经费。"),
        (QuestionKind.Single, "《劳动法》规定，劳动者每日工作时间不超过几小时？", ["6小时", "8小时", "10小时", "12小时"], [2],
            "《劳动法》第三十六条：劳动者每日工作时间不超过八小时、平均每周工作时间不超过四十四小时。"),
        (QuestionKind.Single, "用人单位应当保证劳动者每周至少休息几日？", ["半日", "一日", "两日", "三日"], [2],
            "《劳动法》第三十八条：用人单位应当保证劳动者每周至少休息一日。"),
        (QuestionKind.Single, "法定休假日安排劳动者工作的，应支付不低于工资的百分之多少的工资报酬？", ["百分之一百五十", "百分之二百", "百分之三百", "百分之四百"], [3],
            "《劳动法》第四十四条：法定休假日安排劳动者工作的，支付不低于工资的百分之三百的工资报酬。"),
        (QuestionKind.Multiple, "下列哪些属于《劳动法》规定的法定休假节日？", ["元旦", "春节", "国际劳动节", "国庆节", "公司成立纪念日"], [1, 2, 3, 4],
            "《劳动法》第四十条：元旦、春节、国际劳动节、国庆节以及法律、法规规定的其他休假节日。"),
        (QuestionKind.TrueFalse, "禁止用人单位招用未满十六周岁的未成年人。", [QuizLabels.True, QuizLabels.False], [1],
            "《劳动法》第十五条：禁止用人单位招用未满十六周岁的未成年人（文艺、体育和特种工艺单位依法办理审批的除外）。"),
        (QuestionKind.Single, "《劳动法》规定，劳动合同可以约定试用期，试用期最长不得超过几个月？", ["一个月", "三个月", "六个月", "十二个月"], [3],
            "《劳动法》第二十一条：试用期最长不得超过六个月。"),
        (QuestionKind.Multiple, "下列哪些是《劳动法》规定的劳动者权利？", ["取得劳动报酬的权利", "休息休假的权利", "享受社会保险和福利的权利", "无故旷工的权利"], [1, 2, 3],
            "《劳动法》第三条：劳动者享有平等就业和选择职业、取得劳动报酬、休息休假、获得劳动安全卫生保护、接受职业技能培训、享受社会保险和福利、提请劳动争议处理等权利。"),
    ];

    public async Task<int> SeedAsync(long cityUnionId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(hashtext('quizzes.demo'))", transaction: tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from quizzes.banks)", transaction: tx, cancellationToken: ct)))
            return 0;
        var bankId = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into quizzes.banks (union_id, name) values (@cityUnionId, @BankName) returning id", new { cityUnionId, BankName }, tx, cancellationToken: ct));
        foreach (var q in Questions)
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into quizzes.questions (bank_id, kind, text, options, correct, explanation) values (@bankId, @kind, @text, @options, @correct, @explanation)
                """, new { bankId, kind = (short)q.Kind, text = q.Text, options = q.Options, correct = q.Correct, explanation = q.Explanation }, tx, cancellationToken: ct));
        var now = clock.GetUtcNow().UtcDateTime;
        var quizId = await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into quizzes.quizzes (union_id, bank_id, title, description, time_limit_seconds, max_attempts, pass_percent, awards_points, opens_at, closes_at)
            values (@cityUnionId, @bankId, @Title, '全市职工学法知识竞赛，共10题，限时10分钟，每人最多答3次，取最好成绩；60分及格可获积分。', 600, 3, 60, true, @opens, @closes)
            returning id
            """, new { cityUnionId, bankId, Title, opens = now.AddDays(-1), closes = now.AddDays(30) }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into quizzes.quiz_questions (quiz_id, question_id, position)
            select @quizId, id, (row_number() over (order by id))::smallint from quizzes.questions where bank_id = @bankId
            """, new { quizId, bankId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo data: quiz bank with {Count} questions and an open quiz", Questions.Length);
        return Questions.Length;
    }
}
