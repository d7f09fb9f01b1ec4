using System.Globalization;

namespace UnionOne.Platform.Identifiers;

/// <summary>
/// Resident ID number (居民身份证号码, GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence
/// (odd = male), check character over ISO 7064 MOD 11-2. 15-digit legacy numbers are upgraded.
/// </summary>
public sealed record ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private ResidentIdNumber(string value, DateOnly birthDate, bool male)
    {
        Value = value;
        BirthDate = birthDate;
        IsMale = male;
    }

    /// <summary>The normalised 18-character number (upper-case X).</summary>
    public string Value { get; }

    public DateOnly BirthDate { get; }

    public bool IsMale { get; }

    public char Gender => IsMale ? 'M' : 'F';

    public string RegionCode => Value[..6];

    /// <summary>Last four characters (sequence and check), the only part besides the region shown when masked.</summary>
    public string Suffix => Value[^4..];

    public string Masked => Security.Mask.IdNumber(Value);

    public override string ToString() => Masked;

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>Parses and validates; on failure returns null and a Chinese message for the person who typed it.</summary>
    public static ResidentIdNumber? TryParse(string? input, out string error, DateOnly? today = null)
    {
        error = "";
        var s = (input ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (s.Length == 0) { error = "请填写身份证号码"; return null; }
        if (s.Length == 15)
        {
            if (!s.All(char.IsAsciiDigit)) { error = "15位身份证号码只能包含数字"; return null; }
            var upgraded = s[..6] + "19" + s[6..];
            s = upgraded + CheckCharacter(upgraded);
        }
        else if (s.Length != 18)
        {
            error = $"身份证号码应为18位（当前为{s.Length}位）";
            return null;
        }
        if (!s[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(s[17]) || s[17] == 'X'))
        {
            error = "身份证号码只能包含数字，最后一位可以是X";
            return null;
        }
        if (!Regions.IsValidProvince(s[..2])) { error = "身份证号码的地区码无效"; return null; }
        if (!DateOnly.TryParseExact(s.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
        {
            error = "身份证号码中的出生日期不存在";
            return null;
        }
        var now = today ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        if (birth > now || birth.Year < 1900) { error = "身份证号码中的出生日期不合理"; return null; }
        if (CheckCharacter(s.AsSpan(0, 17)) != s[17]) { error = "身份证号码校验位错误，请核对后重新输入"; return null; }
        var male = (s[16] - '0') % 2 == 1;
        return new ResidentIdNumber(s, birth, male);
    }

    public static bool IsValid(string? input) => TryParse(input, out _) is not null;
}
