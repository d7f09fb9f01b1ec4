namespace UnionOne.Modules.Activities.Domain;

/// <summary>Kinds of activity the unions run (MISSION part 5).</summary>
public enum ActivityKind : short
{
    /// <summary>工匠讲堂</summary>
    CraftsmanLecture = 1,

    /// <summary>订单式培训</summary>
    OrderTraining = 2,

    /// <summary>达工影院</summary>
    MovieNight = 3,

    /// <summary>暑期托管 (child's name and age, within an age range)</summary>
    SummerChildcare = 4,

    /// <summary>集体婚礼 (the partner's name)</summary>
    CollectiveWedding = 5,

    /// <summary>生日会</summary>
    BirthdayParty = 6,

    /// <summary>技能竞赛</summary>
    SkillsCompetition = 7,

    /// <summary>家庭开放日</summary>
    FamilyOpenDay = 8,
}

public enum ActivityStatus : short
{
    Draft = 1,
    Published = 2,
    Cancelled = 3,
}

public enum SignupStatus : short
{
    Confirmed = 1,
    Waitlisted = 2,
    Cancelled = 3,
    Attended = 4,
}

/// <summary>The zh-CN labels (also the localisation keys) and API codes of kinds and statuses.</summary>
public static class ActivityLabels
{
    private static readonly (ActivityKind Kind, string Label)[] Kinds =
    [
        (ActivityKind.CraftsmanLecture, "工匠讲堂"),
        (ActivityKind.OrderTraining, "订单式培训"),
        (ActivityKind.MovieNight, "达工影院"),
        (ActivityKind.SummerChildcare, "暑期托管"),
        (ActivityKind.CollectiveWedding, "集体婚礼"),
        (ActivityKind.BirthdayParty, "生日会"),
        (ActivityKind.SkillsCompetition, "技能竞赛"),
        (ActivityKind.FamilyOpenDay, "家庭开放日"),
    ];

    public static IReadOnlyList<(ActivityKind Kind, string Label)> AllKinds => Kinds;

    public static string Label(this ActivityKind kind)
    {
        foreach (var (k, label) in Kinds)
            if (k == kind) return label;
        return "活动";
    }

    public static string Label(this ActivityStatus status) => status switch
    {
        ActivityStatus.Draft => "草稿",
        ActivityStatus.Published => "已发布",
        ActivityStatus.Cancelled => "已取消",
        _ => "未知",
    };

    public static string Code(this ActivityStatus status) => status switch
    {
        ActivityStatus.Draft => "draft",
        ActivityStatus.Published => "published",
        ActivityStatus.Cancelled => "cancelled",
        _ => "unknown",
    };

    public static string Label(this SignupStatus status) => status switch
    {
        SignupStatus.Confirmed => "已报名",
        SignupStatus.Waitlisted => "候补中",
        SignupStatus.Cancelled => "已取消",
        SignupStatus.Attended => "已签到",
        _ => "未知",
    };

    public static string Code(this SignupStatus status) => status switch
    {
        SignupStatus.Confirmed => "confirmed",
        SignupStatus.Waitlisted => "waitlisted",
        SignupStatus.Cancelled => "cancelled",
        SignupStatus.Attended => "attended",
        _ => "unknown",
    };

    public static string Badge(this SignupStatus status) => status switch
    {
        SignupStatus.Confirmed or SignupStatus.Attended => "ok",
        SignupStatus.Waitlisted => "warn",
        _ => "",
    };
}
