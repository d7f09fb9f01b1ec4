using System.Globalization;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Bench.Workloads.Import;

/// <summary>
/// Generates valid, plausible rows (not real people): common Chinese names, ID numbers with a valid region, birth date
/// and GB 11643 check character, mobile numbers unique within the file, join dates after the 18th birthday.
/// Deterministic per seed.
/// </summary>
internal sealed class ImportRowGenerator
{
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余",
        "于", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖",
        "金", "石", "戴", "贾", "韦", "夏", "邱", "方", "侯", "邹", "熊", "孟", "秦", "白", "江", "阎", "薛", "尹", "段", "雷",
        "欧阳", "司马", "上官",
    ];

    private static readonly string[] GivenChars =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
        "桂", "英", "华", "建", "国", "文", "辉", "玲", "红", "斌", "波", "宇", "鹏", "浩", "婷", "雪", "琳", "晨", "峰", "燕",
        "欣", "怡", "佳", "俊", "志", "海", "振", "秀", "兰", "凤", "梅", "春", "云", "林", "森", "阳", "晓", "子", "嘉", "宁",
    ];

    // Counties that send many workers to a coastal manufacturing city, and the city's own districts.
    private static readonly string[] Regions =
    [
        "331002", "331003", "331004", "331081", "331082", "331083", "331022", "331023", "331024", "331021",
        "511321", "511322", "511323", "411522", "411524", "341221", "341222", "341226", "412726", "412727",
        "522422", "522425", "431223", "431224", "362131", "362132", "500233", "500236", "360721", "360722",
    ];

    private static readonly string[] PhonePrefixes =
    [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
        "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
    ];

    private static readonly string[] TagChoices = ["工匠", "劳模", "困难职工", "退役军人", "工匠、技术能手"];

    private readonly Random random;
    private readonly string employer;
    private readonly DateOnly today;
    private readonly HashSet<string> ids = [];
    private readonly HashSet<string> phones = [];

    public ImportRowGenerator(int seed, string employer, DateOnly today)
    {
        random = new Random(seed);
        this.employer = employer;
        this.today = today;
    }

    /// <summary>Marks a row's ID number and phone as taken, so <see cref="Next"/> never repeats them.</summary>
    public void Reserve(ImportRow row)
    {
        ids.Add(row.IdNumber);
        phones.Add(row.Phone);
    }

    /// <summary>A new row whose ID number and phone differ from every row generated or reserved before.</summary>
    public ImportRow Next()
    {
        var firstBirth = new DateOnly(1966, 1, 1).DayNumber;
        var lastBirth = Math.Min(new DateOnly(2004, 12, 31).DayNumber, today.AddYears(-18).DayNumber);
        var male = random.Next(2) == 0;
        string id;
        DateOnly birth;
        do
        {
            birth = DateOnly.FromDayNumber(random.Next(firstBirth, lastBirth + 1));
            var sequence = random.Next(500) * 2 + (male ? 1 : 0);
            var first17 = Regions[random.Next(Regions.Length)] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
            id = first17 + ResidentIdNumber.CheckCharacter(first17);
        }
        while (!ids.Add(id));

        string phone;
        do phone = PhonePrefixes[random.Next(PhonePrefixes.Length)] + random.Next(100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        while (!phones.Add(phone));

        var earliestJoin = Math.Max(birth.AddYears(18).DayNumber, new DateOnly(2008, 1, 1).DayNumber);
        var latestJoin = Math.Max(earliestJoin, today.AddDays(-1).DayNumber);
        var joined = DateOnly.FromDayNumber(random.Next(earliestJoin, latestJoin + 1));
        var tagRoll = random.Next(100);
        var tags = tagRoll < 90 ? "" : TagChoices[tagRoll % TagChoices.Length];
        return new ImportRow(Name(random), id, phone, JobType(random), joined.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), tags, employer);
    }

    private static string Name(Random random)
    {
        // Common surnames are much more common: square the uniform draw to skew towards the head of the list.
        var u = random.NextDouble();
        var surname = Surnames[(int)(u * u * Surnames.Length)];
        var given = GivenChars[random.Next(GivenChars.Length)];
        if (random.Next(10) < 7) given += GivenChars[random.Next(GivenChars.Length)];
        return surname + given;
    }

    private static string JobType(Random random)
    {
        var total = ImportRow.JobTypes.Sum(j => j.Weight);
        var roll = random.Next(total);
        foreach (var (label, _, weight) in ImportRow.JobTypes)
        {
            if (roll < weight) return label;
            roll -= weight;
        }
        return ImportRow.JobTypes[0].Label;
    }
}
