using System.Globalization;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Activities.Domain;
using UnionOne.Modules.Audit.Contracts;
using UnionOne.Modules.Identity.Contracts;
using UnionOne.Platform.Spreadsheets;

namespace UnionOne.Modules.Activities.Roster;

/// <summary>Exports an activity's sign-ups to .xlsx (no ID numbers or phones); the export is audited before the file is sent.</summary>
internal sealed class RosterExport(ActivityStaff staff, ActivityRoster roster, IAuditLog audit, TimeProvider clock, IStringLocalizer<ActivitiesText> l)
{
    public const string AuditAction = "activity.export-signups";

    private static readonly string[] Headers = ["会员号", "姓名", "所属工会", "状态", "占用名额", "随行家属", "孩子姓名", "孩子年龄", "配偶姓名", "报名时间", "签到时间", "签到方式", "积分"];

    public sealed record ExportFile(Stream Content, string FileName, int Rows);

    public async Task<ExportFile> ExportAsync(long activityId, CancellationToken ct)
    {
        var row = await staff.RequireAsync(activityId, Permission.Export, ct);
        var entries = await roster.EntriesAsync(activityId, ct);
        var headers = Headers.Select(h => (string)l[h]).Concat(row.Questions).ToList();
        var stream = new MemoryStream();
        using (var sheet = new XlsxSheetWriter(stream, l["报名名单"].Value))
        {
            sheet.WriteRow(headers);
            foreach (var e in entries)
            {
                var values = new List<string>
                {
                    e.MemberNo, e.Name, e.UnionName, e.StatusLabel, e.Seats.ToString(CultureInfo.InvariantCulture),
                    e.FamilyCount.ToString(CultureInfo.InvariantCulture), e.ChildName ?? "", e.ChildAge?.ToString(CultureInfo.InvariantCulture) ?? "",
                    e.PartnerName ?? "", e.CreatedText, e.CheckedInAt is { } at ? LocalTime.Text(at) : "",
                    e.CheckInMethod switch { "code" => l["扫码"], "manual" => l["人工登记"], _ => "" },
                    e.Points?.ToString(CultureInfo.InvariantCulture) ?? "",
                };
                values.AddRange(row.Questions.Select((_, i) => i < e.Answers.Count ? e.Answers[i] : ""));
                sheet.WriteRow(values);
            }
            sheet.Complete();
        }
        await audit.WriteAsync(new AuditEntry(AuditAction, "activity", activityId.ToString(CultureInfo.InvariantCulture), row.UnionId, new { rows = entries.Count }), ct: ct);
        stream.Position = 0;
        var day = LocalTime.ToLocal(clock.GetUtcNow().UtcDateTime).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return new ExportFile(stream, $"{l["报名名单"]}-{activityId}-{day}.xlsx", entries.Count);
    }
}
