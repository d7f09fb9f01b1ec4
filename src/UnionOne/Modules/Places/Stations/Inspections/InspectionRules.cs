using Microsoft.Extensions.Localization;

namespace UnionOne.Modules.Places.Stations.Inspections;

/// <summary>Field checks of an inspection and its photos; every message is Chinese first (English from the resx).</summary>
internal static class InspectionRules
{
    public const int MaxIssuesLength = 1000;
    public const int MaxNoteLength = 500;

    /// <summary>The errors by field (camelCase, as the API names them); empty when the input is valid.</summary>
    public static Dictionary<string, string[]> Validate(InspectionInput input, DateOnly today, StationOptions o, IStringLocalizer<StationsText> l)
    {
        var errors = new Dictionary<string, string[]>();
        var values = Checklist.Values(input);
        for (var i = 0; i < values.Length; i++)
            if (values[i] is null) errors[Checklist.Items[i].Field] = [l["请填写检查项：{0}", l[Checklist.Items[i].Label]]];

        if (input.Score is null) errors["score"] = [l["请填写检查评分"]];
        else if (input.Score is < 0 or > 100) errors["score"] = [l["检查评分须在0到100之间"]];

        var inspectedOn = input.InspectedOn ?? today;
        if (inspectedOn > today) errors["inspectedOn"] = [l["检查日期不能晚于今天"]];
        else if (inspectedOn < today.AddDays(-o.InspectionBackdateDays)) errors["inspectedOn"] = [l["检查日期不能早于{0}天前", o.InspectionBackdateDays]];

        var issues = Normalise(input.Issues);
        if (issues is { Length: > MaxIssuesLength }) errors["issues"] = [l["发现的问题不超过{0}字", MaxIssuesLength]];
        else if (issues is null && values.Any(v => v == false)) errors["issues"] = [l["检查清单有未达标项，请填写发现的问题"]];

        if (issues is null && input.RectifyBy is not null) errors["rectifyBy"] = [l["未发现问题时不能填写整改期限"]];
        else if (issues is not null && input.RectifyBy is null) errors["rectifyBy"] = [l["发现问题时须填写整改期限"]];
        else if (input.RectifyBy is { } by)
        {
            if (by < today) errors["rectifyBy"] = [l["整改期限不能早于今天"]];
            else if (by > inspectedOn.AddDays(o.RectifyMaxDays)) errors["rectifyBy"] = [l["整改期限不能晚于检查日后{0}天", o.RectifyMaxDays]];
        }
        return errors;
    }

    public static string? Normalise(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The photos' content types, or errors under "photos": JPEG or PNG by their bytes, at most 2 MB, at most <paramref name="room"/>.</summary>
    public static (string[] ContentTypes, string? Error) CheckPhotos(IReadOnlyList<PhotoUpload> photos, int room, StationOptions o, IStringLocalizer<StationsText> l)
    {
        if (photos.Count > room)
            return ([], room == o.MaxPhotosPerInspection
                ? l["每次检查最多上传{0}张照片", o.MaxPhotosPerInspection]
                : l["每次检查最多{0}张照片，还可上传{1}张", o.MaxPhotosPerInspection, room]);
        var types = new string[photos.Count];
        for (var i = 0; i < photos.Count; i++)
        {
            var p = photos[i];
            if (p.Bytes.Length == 0) return ([], l["照片“{0}”是空文件", p.FileName]);
            if (p.Bytes.Length > StationOptions.MaxPhotoBytes) return ([], l["照片“{0}”超过2MB，请压缩后上传", p.FileName]);
            var type = Photos.PlacePhotos.Sniff(p.Bytes);
            if (type is null) return ([], l["照片“{0}”不是 JPEG 或 PNG 图片", p.FileName]);
            types[i] = type;
        }
        return (types, null);
    }
}
