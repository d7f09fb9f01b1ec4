using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Import.Bulk;

namespace UnionOne.Modules.DemoData;

/// <summary>A union members are generated into: where it is, who works there, since when it exists.</summary>
internal sealed record DemoUnion(long Id, string Region, DemoCatalog.Workforce Workforce, DateOnly Founded, string? EmployerName);

/// <summary>Generates member <c>k</c> of the demo or benchmark set: the same person for the same k on every run.</summary>
internal static class DemoMembers
{
    private const ulong Stream = 0x7A1_2026;

    public static MemberDraft Create(long k, DemoUnion union, DateOnly today)
    {
        var r = DemoRandom.For(k, Stream);
        var w = union.Workforce;
        var male = r.Chance(w.MaleShare);
        var (id, birth) = DemoPeople.IdNumber(k, union.Region, male);
        var name = DemoPeople.Name(ref r, male);

        var pick = r.Next(w.Jobs.Sum(j => j.Weight));
        var job = w.Jobs[^1].Type;
        foreach (var (type, weight) in w.Jobs)
        {
            if (pick < weight) { job = type; break; }
            pick -= weight;
        }

        var earliest = birth.AddYears(18);
        if (union.Founded > earliest) earliest = union.Founded;
        if (earliest > today) earliest = today;
        var joined = earliest.AddDays(r.Next(today.DayNumber - earliest.DayNumber + 1));

        var age = today.Year - birth.Year;
        var tags = new List<string>(1);
        if (age >= 40 && r.Chance(0.004)) tags.Add("劳模");
        if (r.Chance(job is JobType.Worker or JobType.MedicalStaff ? 0.03 : 0.01)) tags.Add("工匠");
        if (r.Chance(0.015)) tags.Add("困难职工");
        if (r.Chance(male ? 0.04 : 0.004)) tags.Add("退役军人");

        return new MemberDraft
        {
            Name = name,
            IdNumber = id,
            Gender = male ? 'M' : 'F',
            BirthDate = birth,
            Phone = DemoPeople.Phone(k),
            UnionId = union.Id,
            JobType = job,
            JoinedOn = joined,
            Tags = [.. tags],
            EmployerName = union.EmployerName,
        };
    }

    /// <summary>The workforce of an existing union, from its kind and name (for unions the plan did not make).</summary>
    public static DemoCatalog.Workforce WorkforceOf(string kind, string name)
    {
        var key = kind switch
        {
            "school" => "school",
            "hospital" => "hospital",
            "public-sector" => "public",
            _ when name.Contains("配送", StringComparison.Ordinal) || name.Contains("骑手", StringComparison.Ordinal) => "riders",
            _ when name.Contains("快递", StringComparison.Ordinal) => "couriers",
            _ when name.Contains("出行", StringComparison.Ordinal) || name.Contains("网约车", StringComparison.Ordinal) => "ride-hailing",
            _ when name.Contains("家政", StringComparison.Ordinal) => "domestic",
            _ when name.Contains("物流", StringComparison.Ordinal) => "logistics",
            _ => "factory",
        };
        return DemoCatalog.Workforces[key];
    }

    /// <summary>The employer's name from its union's name (…有限公司工会 → …有限公司).</summary>
    public static string EmployerOf(string unionName) =>
        unionName.EndsWith("工会委员会", StringComparison.Ordinal) ? unionName[..^5]
        : unionName.EndsWith("工会", StringComparison.Ordinal) ? unionName[..^2]
        : unionName;
}
