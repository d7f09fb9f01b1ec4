using Microsoft.Extensions.Localization;

namespace UnionOne.Modules.Identity.ChangePassword;

/// <summary>Staff passwords: at least 10 characters, letters and digits, not the user name.</summary>
internal static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 128;

    /// <summary>The first rule the password breaks, or null when it is acceptable.</summary>
    public static string? Check(string? password, string userName, IStringLocalizer l)
    {
        if (string.IsNullOrEmpty(password)) return l["请填写新密码"];
        if (password.Length < MinLength) return l["密码至少需要{0}个字符", MinLength];
        if (password.Length > MaxLength) return l["密码不能超过{0}个字符", MaxLength];
        if (!password.Any(char.IsLetter) || !password.Any(char.IsAsciiDigit)) return l["密码须同时包含字母和数字"];
        if (string.Equals(password.Trim(), userName.Trim(), StringComparison.OrdinalIgnoreCase)) return l["密码不能与用户名相同"];
        return null;
    }
}
