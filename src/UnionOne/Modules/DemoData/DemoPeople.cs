using System.Globalization;
using UnionOne.Platform.Identifiers;

namespace UnionOne.Modules.DemoData;

/// <summary>
/// Generated (not real) people: plausible Chinese names weighted toward common surnames, valid ID numbers
/// (GB 11643 check character) whose region is the union's district, born 1962-2006, and unique mobile numbers.
/// Person <c>k</c> is a pure function of k: the birth date and sequence digits are derived from k, so two
/// indexes never give the same ID number, and the phone's last eight digits are a permutation of k.
/// </summary>
internal static class DemoPeople
{
    public static readonly DateOnly FirstBirth = new(1962, 1, 1);
    public static readonly DateOnly LastBirth = new(2006, 12, 31);
    private static readonly int Days = LastBirth.DayNumber - FirstBirth.DayNumber + 1;

    /// <summary>Coprime with <see cref="Days"/>: k → day is a permutation within each block of Days indexes.</summary>
    private const int DayStride = 7919;

    /// <summary>Sequence digits are 10 + 2·block + gender bit, below 1000; members use blocks 0-479.</summary>
    public const long MaxMemberIndex = 480L * 16436;

    /// <summary>Indexes from here are kept for people who are not members (demo join requests).</summary>
    public const long NonMemberIndexBase = 485L * 16436;

    private static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
        "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187",
        "188", "189", "191", "198", "199",
    ];

    // Common surnames with rough weights (Zhejiang coast: 陈, 王, 林, 李, 张, 黄, 金, 郑 are frequent).
    private static readonly (string Surname, int Weight)[] Surnames =
    [
        ("陈", 90), ("王", 85), ("林", 60), ("李", 55), ("张", 50), ("黄", 40), ("金", 35), ("郑", 35), ("徐", 30), ("周", 28),
        ("吴", 28), ("杨", 25), ("叶", 22), ("赵", 20), ("刘", 20), ("蒋", 18), ("潘", 16), ("朱", 15), ("梁", 14), ("应", 12),
        ("何", 12), ("许", 12), ("胡", 12), ("郭", 10), ("卢", 10), ("罗", 10), ("江", 9), ("阮", 9), ("颜", 8), ("孙", 8),
        ("马", 8), ("高", 8), ("谢", 8), ("管", 6), ("牟", 6), ("项", 6), ("柯", 6), ("缪", 5), ("葛", 5), ("洪", 5),
        ("戴", 5), ("邵", 5), ("蔡", 5), ("夏", 5), ("屈", 4), ("丁", 4), ("沈", 4), ("汪", 4), ("尹", 3), ("毛", 3),
        ("鲍", 3), ("冯", 3), ("邱", 3), ("施", 3), ("韩", 3), ("袁", 3), ("宋", 3), ("唐", 3), ("方", 3), ("欧阳", 1),
    ];

    private static readonly int SurnameTotal = Surnames.Sum(s => s.Weight);

    private static readonly string[] MaleChars =
    [
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇",
        "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "阳", "建", "国", "志", "文", "海", "亮", "晨", "峰", "东", "成",
        "军", "毅", "锋", "昊", "博", "杭", "航", "豪", "森", "彬",
    ];

    private static readonly string[] FemaleChars =
    [
        "芳", "娜", "敏", "静", "秀", "丽", "艳", "娟", "霞", "燕", "玲", "丹", "萍", "婷", "雪", "琳", "倩", "颖", "慧", "莉",
        "佳", "雯", "琪", "欣", "悦", "洁", "红", "梅", "英", "兰", "月", "晶", "菲", "露", "薇", "媛", "蓉", "青", "怡", "璐",
    ];

    private static readonly string[] MiddleChars =
    [
        "建", "国", "志", "永", "海", "晓", "春", "秋", "小", "文", "子", "思", "雨", "嘉", "金", "立", "家", "一", "欣", "安",
        "宏", "新", "德", "学", "丽", "美", "素", "亚", "少", "天",
    ];

    /// <summary>A valid ID number for index k in the given region; the gender bit chooses odd (male) or even sequence digits.</summary>
    public static (string Value, DateOnly Birth) IdNumber(long k, string region, bool male)
    {
        var block = k / Days;
        var day = (int)(k % Days * DayStride % Days);
        var birth = FirstBirth.AddDays(day);
        var seq = 10 + 2 * block + (male ? 1 : 0);
        if (seq > 999) throw new ArgumentOutOfRangeException(nameof(k), "Index beyond the generated ID space.");
        var first17 = string.Concat(region, birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture), seq.ToString("D3", CultureInfo.InvariantCulture));
        return (first17 + ResidentIdNumber.CheckCharacter(first17), birth);
    }

    /// <summary>An 11-digit mobile number unique per index (the last eight digits are a permutation of k).</summary>
    public static string Phone(long k)
    {
        var digits = (k * 48_271 + 13_579_246) % 100_000_000;
        return MobilePrefixes[(int)(k % MobilePrefixes.Length)] + digits.ToString("D8", CultureInfo.InvariantCulture);
    }

    public static string Name(ref DemoRandom random, bool male)
    {
        var pick = random.Next(SurnameTotal);
        var surname = Surnames[^1].Surname;
        foreach (var (s, w) in Surnames)
        {
            if (pick < w) { surname = s; break; }
            pick -= w;
        }
        var chars = male ? MaleChars : FemaleChars;
        return random.Next(10) switch
        {
            < 3 => surname + random.Pick(chars),
            < 6 => surname + random.Pick(MiddleChars) + random.Pick(chars),
            _ => surname + random.Pick(chars) + random.Pick(chars),
        };
    }

    /// <summary>A landline in Taizhou (0576) for union contacts.</summary>
    public static string Landline(ref DemoRandom random) =>
        "0576-8" + random.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
}
