namespace UnionOne.Modules.Members.Contracts;

/// <summary>Job type, including the new employment forms (新就业形态) the riders' and couriers' federations serve.</summary>
public enum JobType
{
    /// <summary>企业职工</summary>
    Worker = 1,

    /// <summary>教师</summary>
    Teacher = 2,

    /// <summary>医护人员</summary>
    MedicalStaff = 3,

    /// <summary>机关事业单位</summary>
    PublicSector = 4,

    /// <summary>其他</summary>
    Other = 9,

    /// <summary>外卖骑手</summary>
    Rider = 10,

    /// <summary>快递员</summary>
    Courier = 11,

    /// <summary>网约车司机</summary>
    RideHailingDriver = 12,

    /// <summary>货车司机</summary>
    Trucker = 13,

    /// <summary>家政服务员</summary>
    DomesticWorker = 14,
}

/// <summary>Membership status (会籍状态).</summary>
public enum MemberStatus
{
    Active = 1,
    Transferred = 2,
    Retired = 3,
    Left = 4,
}

public static class JobTypes
{
    public static bool IsNewEmploymentForm(this JobType type) => (int)type >= 10;
}
