using UnionOne.Platform.Identifiers;

namespace UnionOne.Tests.Platform;

public sealed class IdentifierTests
{
    [Fact]
    public void Standard_example_id_number_is_valid_female_born_1949()
    {
        var id = ResidentIdNumber.TryParse("11010519491231002x", out var error);
        error.ShouldBeEmpty();
        id!.Value.ShouldBe("11010519491231002X");
        id.BirthDate.ShouldBe(new DateOnly(1949, 12, 31));
        id.IsMale.ShouldBeFalse();
        id.Masked.ShouldBe("110105********002X");
    }

    [Theory]
    [InlineData("110105194912310021", "校验位")]
    [InlineData("11010519490231002X", "出生日期")]
    [InlineData("11010519491231002", "18位")]
    [InlineData("99010519491231002X", "地区码")]
    [InlineData("1101051949123100AX", "只能包含数字")]
    [InlineData("", "请填写")]
    public void Invalid_id_numbers_get_a_chinese_reason(string input, string reasonContains)
    {
        ResidentIdNumber.TryParse(input, out var error).ShouldBeNull();
        error.ShouldContain(reasonContains);
    }

    [Fact]
    public void Future_birth_date_is_refused()
    {
        ResidentIdNumber.TryParse("110105" + "20991231" + "002", out _).ShouldBeNull();
    }

    [Fact]
    public void Legacy_15_digit_number_is_upgraded_with_19_and_a_check_character()
    {
        var id = ResidentIdNumber.TryParse("110105491231002", out _);
        id!.Value.ShouldBe("11010519491231002X");
    }

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData("91350100M000100Y4", false)]
    [InlineData("91350100M0001O0Y43", false)]
    public void Credit_code_check_character(string code, bool valid) => SocialCreditCode.IsValid(code).ShouldBe(valid);

    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData("1381234567", null)]
    [InlineData("12812345678", null)]
    [InlineData("1381234567a", null)]
    public void Mobile_numbers(string input, string? normalised) => MobilePhone.TryNormalize(input, out _).ShouldBe(normalised);

    [Theory]
    [InlineData("张三", "张三")]
    [InlineData("  阿依古丽·买买提 ", "阿依古丽·买买提")]
    [InlineData("<script>alert(1)</script>", null)]
    [InlineData("张", null)]
    [InlineData("王五1", null)]
    public void Names(string input, string? normalised) => PersonName.TryNormalize(input, out _).ShouldBe(normalised);
}
