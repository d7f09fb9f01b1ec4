using UnionOne.Modules.Organisations.Contracts;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.DemoData;

/// <summary>One union of the demo tree: what to create, under which planned parent, and (grassroots) how many members it gets.</summary>
internal sealed record PlannedUnion(int Index, int? Parent, NewUnion Spec, string? Workforce, string? EmployerName, int Members);

/// <summary>
/// The demo city federation, planned deterministically: 台州市总工会 → 5 districts → street, park and new-employment
/// federations → about 300 grassroots unions (factories of the local industries, schools, hospitals, public bodies,
/// riders' stations and courier branches under the city's industry federations, ride-hailing and domestic-service firms).
/// Members are spread by weight; every union reports more employees than members (coverage below 100%).
/// </summary>
internal sealed class DemoPlan
{
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private readonly List<PlannedUnion> unions = [];
    private readonly HashSet<string> names = [];
    private DemoRandom random = new(20261121);
    private int organisationSeq;

    public IReadOnlyList<PlannedUnion> Unions => unions;

    public static DemoPlan Build(int totalMembers)
    {
        var plan = new DemoPlan();
        plan.BuildTree();
        plan.SpreadMembers(totalMembers);
        return plan;
    }

    private void BuildTree()
    {
        var city = Add(null, DemoCatalog.CityName, UnionLevel.City, "federation", DemoCatalog.CityRegion, new DateOnly(1994, 8, 22),
            "浙江省台州市椒江区市府大道350号");
        var riders = Add(city, "台州市外卖配送行业工会联合会", UnionLevel.Federation, "industry-federation", DemoCatalog.CityRegion,
            Founded(2019, 2021), "浙江省台州市椒江区开发大道88号", newEmployment: true);
        var couriers = Add(city, "台州市快递物流行业工会联合会", UnionLevel.Federation, "industry-federation", DemoCatalog.CityRegion,
            Founded(2018, 2020), "浙江省台州市路桥区腾达路120号", newEmployment: true);

        foreach (var d in DemoCatalog.Districts)
        {
            var county = Add(city, d.UnionName, UnionLevel.County, "federation", d.Region, Founded(1994, 1996), Address(d, d.Streets[0]));
            var federations = d.Federations
                .Select(f => Add(county, f.Name, UnionLevel.Federation, f.Kind, d.Region, f.Kind == "park-federation" ? Founded(2005, 2015) : Founded(2001, 2010), Address(d, f.Street)))
                .ToList();
            var newForms = Add(county, $"{d.Name}新就业形态劳动者工会联合会", UnionLevel.Federation, "industry-federation", d.Region,
                Founded(2021, 2024), Address(d, d.Streets[1]), newEmployment: true);

            for (var i = 0; i < 34; i++)
            {
                var industry = random.Pick(d.Industries);
                var company = Company(d, DemoCatalog.ProductWords[industry]);
                var parent = federations[random.Next(federations.Count)];
                Grassroots(parent, company, "enterprise", "factory", d, "91", Founded(1992, 2022));
            }
            foreach (var school in DemoCatalog.Schools) Grassroots(county, d.Prefix + school, "school", "school", d, "12", Founded(1980, 2006));
            foreach (var street in new[] { d.Streets[1], d.Streets[3] }) Grassroots(county, d.Prefix + street + "中心小学", "school", "school", d, "12", Founded(1980, 2006));
            foreach (var hospital in DemoCatalog.Hospitals) Grassroots(county, d.Prefix + hospital, "hospital", "hospital", d, "12", Founded(1980, 2000));
            Grassroots(county, d.Prefix + d.Streets[2] + "社区卫生服务中心", "hospital", "hospital", d, "12", Founded(2003, 2012));
            foreach (var bureau in DemoCatalog.Bureaus) Grassroots(county, d.Prefix + bureau, "public-sector", "public", d, "11", Founded(1985, 2006));
            Grassroots(federations[0], Company(d, "物流", plainPrefix: "台州"), "enterprise", "logistics", d, "91", Founded(2005, 2020));
            Grassroots(newForms, Company(d, "家政服务", plainPrefix: "台州"), "enterprise", "domestic", d, "91", Founded(2012, 2022));
            Grassroots(newForms, $"台州{Brand()}出行科技有限公司{d.Short}分公司", "enterprise", "ride-hailing", d, "91", Founded(2019, 2023));
            foreach (var street in new[] { d.Streets[0], d.Streets[2] })
                Grassroots(riders, $"台州{Brand()}即时配送有限公司{d.Short}{street.Replace("街道", "", StringComparison.Ordinal)}站", "enterprise", "riders", d, "91", Founded(2019, 2024));
            for (var i = 0; i < 2; i++)
                Grassroots(couriers, $"台州{Brand()}快递有限公司{d.Short}{(i == 0 ? "分公司" : "营业部")}", "enterprise", "couriers", d, "91", Founded(2016, 2023));
        }
    }

    private void SpreadMembers(int total)
    {
        var grassroots = unions.Where(u => u.Workforce is not null).ToList();
        var weights = grassroots.Select(u => (double)random.Next(DemoCatalog.Workforces[u.Workforce!].MinMembers, DemoCatalog.Workforces[u.Workforce!].MaxMembers + 1)).ToList();
        var sum = weights.Sum();
        var counts = weights.Select(w => Math.Max(1, (int)Math.Floor(w * total / sum))).ToArray();
        for (var i = 0; counts.Sum() < total; i = (i + 1) % counts.Length) counts[i]++;
        for (var i = 0; counts.Sum() > total; i = (i + 1) % counts.Length) if (counts[i] > 1) counts[i]--;
        for (var i = 0; i < grassroots.Count; i++)
        {
            var u = grassroots[i];
            var coverage = 0.55 + random.NextDouble() * 0.43; // 55%-98% of the reported employees are members
            var employees = (int)Math.Ceiling(counts[i] / coverage);
            unions[u.Index] = u with { Members = counts[i], Spec = u.Spec with { EmployeesReported = employees } };
        }
    }

    private int Add(int? parent, string name, UnionLevel level, string kind, string region, DateOnly founded, string address,
        bool newEmployment = false, string? creditCode = null, string? workforce = null, string? employer = null)
    {
        if (!names.Add(name)) throw new InvalidOperationException($"Duplicate demo union name {name}");
        var spec = new NewUnion(name, level, null, kind, region, creditCode, address, DemoPeople.Name(ref random, random.Chance(0.5)),
            DemoPeople.Landline(ref random), founded, 0, newEmployment);
        unions.Add(new PlannedUnion(unions.Count, parent, spec, workforce, employer, 0));
        return unions.Count - 1;
    }

    private void Grassroots(int parent, string employer, string kind, string workforce, DemoCatalog.District d, string creditType, DateOnly founded)
    {
        var name = employer + (random.Chance(0.2) ? "工会委员会" : "工会");
        Add(parent, name, UnionLevel.Grassroots, kind, d.Region, founded, Address(d, random.Pick(d.Streets)),
            creditCode: CreditCode(creditType, d.Region), workforce: workforce, employer: employer);
    }

    private string Company(DemoCatalog.District d, string product, string? plainPrefix = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var prefix = plainPrefix ?? random.Next(10) switch { < 3 => "浙江", < 7 => "台州", _ => d.Short };
            var suffix = random.Chance(0.25) ? "股份有限公司" : "有限公司";
            var company = prefix + Brand() + product + suffix;
            if (!names.Contains(company + "工会") && !names.Contains(company + "工会委员会") && names.Add(company)) return company;
            if (attempt > 1000) throw new InvalidOperationException("Could not find a free company name");
        }
    }

    private string Brand()
    {
        var a = random.Pick(DemoCatalog.BrandChars);
        string b;
        do b = random.Pick(DemoCatalog.BrandChars); while (b == a);
        return a + b;
    }

    /// <summary>A valid, unique unified social credit code: registration authority and type (91 company, 12 public institution, 11 government body), region, organisation code, check character.</summary>
    private string CreditCode(string type, string region)
    {
        // A multiplier coprime with 31^9 makes sequence → code a bijection: unique, and not visibly sequential.
        var value = ((long)++organisationSeq * 2_654_435_761L + 1_234_567_890L) % 26_439_622_160_671L;
        Span<char> org = stackalloc char[9];
        for (var i = 8; i >= 0; i--)
        {
            org[i] = CreditAlphabet[(int)(value % 31)];
            value /= 31;
        }
        var first17 = type + region + new string(org);
        return first17 + SocialCreditCode.CheckCharacter(first17);
    }

    private string Address(DemoCatalog.District d, string street) =>
        $"浙江省{(d.Prefix.StartsWith("台州市", StringComparison.Ordinal) ? "" : "台州市")}{d.Prefix}{street}{random.Pick(DemoCatalog.Roads)}{random.Next(1, 999)}号";

    private DateOnly Founded(int fromYear, int toYear) =>
        new DateOnly(random.Next(fromYear, toYear + 1), 1, 1).AddDays(random.Next(365));
}
