using System.Globalization;
using Microsoft.Extensions.Localization;
using UnionOne.Modules.Places.Contracts;
using UnionOne.Modules.Places.Domain;
using UnionOne.Modules.Places.Manage;
using UnionOne.Platform.Problems;

namespace UnionOne.Modules.Places.Pages;

/// <summary>
/// The console's place form as posted text (echoed back on error), read from the request form directly so that every
/// unreadable number gets a Chinese message. Opening hours: up to two spans per weekday (fields from{day}_{n} / to{day}_{n}).
/// </summary>
public sealed class PlaceForm
{
    public const string Name = "place";
    public static readonly string[] ChecklistCodes = ["sign", "layout", "facilities", "functions", "rules", "map"];

    public string UnionId { get; set; } = "";
    public string Kind { get; set; } = ((int)PlaceKind.OutdoorStation).ToString(CultureInfo.InvariantCulture);
    public string ParentPlaceId { get; set; } = "";
    public string PlaceName { get; set; } = "";
    public string Address { get; set; } = "";
    public string Latitude { get; set; } = "";
    public string Longitude { get; set; } = "";
    public bool Open24h { get; set; }
    public string[,] From { get; } = new string[8, 3];
    public string[,] To { get; } = new string[8, 3];
    public HashSet<string> Facilities { get; } = new(StringComparer.Ordinal);
    public string Capacity { get; set; } = "";
    public string Admits { get; set; } = ((int)PlaceAdmission.AllMembers).ToString(CultureInfo.InvariantCulture);
    public string ContactPhone { get; set; } = "";
    public HashSet<string> Checklist { get; } = new(StringComparer.Ordinal);
    public bool ScansExits { get; set; }
    public string TypicalStayMinutes { get; set; } = "";

    public string FromAt(int day, int n) => From[day, n] ?? "";

    public string ToAt(int day, int n) => To[day, n] ?? "";

    public static PlaceForm FromPlace(PlaceDetail p)
    {
        var f = new PlaceForm
        {
            UnionId = Inv(p.UnionId),
            Kind = Inv((int)p.Kind),
            ParentPlaceId = p.ParentPlaceId is { } parent ? Inv(parent) : "",
            PlaceName = p.Name,
            Address = p.Address,
            Latitude = p.Wgs84.Latitude.ToString("0.######", CultureInfo.InvariantCulture),
            Longitude = p.Wgs84.Longitude.ToString("0.######", CultureInfo.InvariantCulture),
            Open24h = p.Open24h,
            Capacity = Inv(p.Capacity),
            Admits = Inv((int)p.Admits),
            ContactPhone = p.ContactPhone ?? "",
            ScansExits = p.ScansExits,
            TypicalStayMinutes = p.TypicalStayMinutes is { } stay ? Inv(stay) : "",
        };
        foreach (var code in p.Facilities) f.Facilities.Add(code);
        for (var i = 0; i < 6; i++)
            if (p.Checklist.Items[i]) f.Checklist.Add(ChecklistCodes[i]);
        for (var day = 1; day <= 7; day++)
        {
            var n = 1;
            foreach (var rule in p.OpeningHours.Where(r => r.Days.Contains(day)).OrderBy(r => r.From, StringComparer.Ordinal).Take(2))
            {
                f.From[day, n] = rule.From;
                f.To[day, n] = rule.To;
                n++;
            }
        }
        return f;
    }

    /// <summary>A new station's defaults: open every day 08:00-20:00.</summary>
    public static PlaceForm New(long? unionId)
    {
        var f = new PlaceForm { UnionId = unionId is { } u ? Inv(u) : "" };
        for (var day = 1; day <= 7; day++)
        {
            f.From[day, 1] = "08:00";
            f.To[day, 1] = "20:00";
        }
        return f;
    }

    public static PlaceForm FromRequest(IFormCollection form)
    {
        var f = new PlaceForm
        {
            UnionId = form["unionId"].ToString().Trim(),
            Kind = form["kind"].ToString(),
            ParentPlaceId = form["parentPlaceId"].ToString().Trim(),
            PlaceName = form["name"].ToString(),
            Address = form["address"].ToString(),
            Latitude = form["latitude"].ToString().Trim(),
            Longitude = form["longitude"].ToString().Trim(),
            Open24h = IsOn(form["open24h"]),
            Capacity = form["capacity"].ToString().Trim(),
            Admits = form["admits"].ToString(),
            ContactPhone = form["contactPhone"].ToString(),
            ScansExits = IsOn(form["scansExits"]),
            TypicalStayMinutes = form["typicalStayMinutes"].ToString().Trim(),
        };
        foreach (var code in form["facility"]) if (code is not null) f.Facilities.Add(code);
        foreach (var code in form["check"]) if (code is not null) f.Checklist.Add(code);
        for (var day = 1; day <= 7; day++)
            for (var n = 1; n <= 2; n++)
            {
                f.From[day, n] = form[$"from{day}_{n}"].ToString().Trim();
                f.To[day, n] = form[$"to{day}_{n}"].ToString().Trim();
            }
        return f;
    }

    /// <summary>The typed input, or InputValidationException for text that is not a number or a half-filled time span.</summary>
    public PlaceInput ToInput(IStringLocalizer l)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];

        long unionId = 0;
        if (UnionId.Length == 0) Add("unionId", l["请选择所属工会"]);
        else if (!long.TryParse(UnionId, NumberStyles.None, CultureInfo.InvariantCulture, out unionId)) Add("unionId", l["所属工会编号应为数字"]);
        long? parent = null;
        if (ParentPlaceId.Length > 0)
        {
            if (long.TryParse(ParentPlaceId, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) parent = p;
            else Add("parentPlaceId", l["所属工人文化宫不存在"]);
        }
        var kind = int.TryParse(Kind, NumberStyles.None, CultureInfo.InvariantCulture, out var k) ? (PlaceKind)k : 0;
        var admits = int.TryParse(Admits, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? (PlaceAdmission)a : 0;
        var latitude = Coordinate(Latitude, "latitude", l["请填写纬度"], l["纬度应为数字，例如 28.6564"], Add);
        var longitude = Coordinate(Longitude, "longitude", l["请填写经度"], l["经度应为数字，例如 121.4208"], Add);
        int? capacity = null;
        if (Capacity.Length > 0)
        {
            if (int.TryParse(Capacity, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var c)) capacity = c;
            else Add("capacity", l["容纳人数应为整数"]);
        }
        int? stay = null;
        if (TypicalStayMinutes.Length > 0)
        {
            if (int.TryParse(TypicalStayMinutes, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)) stay = s;
            else Add("typicalStayMinutes", l["平均停留时间应为整数（分钟）"]);
        }
        var rules = new List<HoursRule>();
        if (!Open24h)
            for (var day = 1; day <= 7; day++)
                for (var n = 1; n <= 2; n++)
                {
                    var (from, to) = (FromAt(day, n), ToAt(day, n));
                    if (from.Length == 0 && to.Length == 0) continue;
                    if (from.Length == 0 || to.Length == 0) Add("openingHours", l["请同时填写开始和结束时间"]);
                    else rules.Add(new HoursRule([day], from, to));
                }
        if (errors.Count > 0) throw new InputValidationException(errors, l["提交的内容有误"]);

        // Days with the same span become one rule.
        var merged = rules.GroupBy(r => (r.From, r.To)).Select(g => new HoursRule([.. g.SelectMany(r => r.Days).Order()], g.Key.From, g.Key.To)).ToList();
        var checks = ChecklistCodes.Select(Checklist.Contains).ToArray();
        return new PlaceInput(unionId, kind, parent, PlaceName, Address, latitude, longitude, Open24h, merged, [.. Facilities], capacity, admits,
            ContactPhone, new PlaceChecklist(checks[0], checks[1], checks[2], checks[3], checks[4], checks[5]), ScansExits, stay);
    }

    private static double? Coordinate(string text, string field, string missing, string bad, Action<string, string> add)
    {
        if (text.Length == 0) { add(field, missing); return null; }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        add(field, bad);
        return null;
    }

    private static bool IsOn(Microsoft.Extensions.Primitives.StringValues v) => v.Any(x => x is "true" or "on" or "1");

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);
}
