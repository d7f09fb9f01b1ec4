namespace UnionOne.Modules.Members.Domain;

/// <summary>members.join_requests.status.</summary>
internal enum JoinRequestStatus
{
    Pending = 1,
    Approved = 2,
    Rejected = 3,
    Withdrawn = 4,
}

/// <summary>members.transfers.status: requested by the new union → released by the old union → accepted by the new union.</summary>
internal enum TransferStatus
{
    /// <summary>The new union asked; the old union has to release (待原工会放行).</summary>
    Requested = 1,

    /// <summary>The old union released; the new union has to accept (待新工会接收).</summary>
    Released = 2,

    Accepted = 3,

    /// <summary>Refused by the side whose turn it was.</summary>
    Rejected = 4,

    /// <summary>Withdrawn by the side that started it.</summary>
    Cancelled = 5,
}

internal static class RequestStateLabels
{
    public static string Label(this JoinRequestStatus status) => status switch
    {
        JoinRequestStatus.Pending => "待审核",
        JoinRequestStatus.Approved => "已通过",
        JoinRequestStatus.Rejected => "未通过",
        _ => "已撤回",
    };

    public static string Label(this TransferStatus status) => status switch
    {
        TransferStatus.Requested => "待原工会放行",
        TransferStatus.Released => "待新工会接收",
        TransferStatus.Accepted => "已完成",
        TransferStatus.Rejected => "已拒绝",
        _ => "已撤销",
    };

    public static bool IsOpen(this TransferStatus status) => status is TransferStatus.Requested or TransferStatus.Released;

    /// <summary>Membership event kinds (members.membership_events.kind) and their labels.</summary>
    public static string EventLabel(string kind) => kind switch
    {
        MemberEvents.Joined => "入会",
        MemberEvents.Rejoined => "重新入会",
        MemberEvents.TransferredOut => "转出",
        MemberEvents.TransferredIn => "转入",
        MemberEvents.Moved => "随工会合并或注销转移",
        MemberEvents.StatusChanged => "会籍状态变更",
        MemberEvents.TagsChanged => "标签变更",
        MemberEvents.Imported => "批量导入",
        _ => kind,
    };
}

internal static class MemberEvents
{
    public const string Joined = "joined";
    public const string Rejoined = "rejoined";
    public const string TransferredOut = "transferred_out";
    public const string TransferredIn = "transferred_in";
    public const string Moved = "moved";
    public const string StatusChanged = "status_changed";
    public const string TagsChanged = "tags_changed";
    public const string Imported = "imported";
}
