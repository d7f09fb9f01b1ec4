using UnionOne.Modules.Libraries.Catalogue;

namespace UnionOne.Tests.Libraries;

public sealed class IsbnTests
{
    [Theory]
    [InlineData("9787020002207", "9787020002207")]        // 红楼梦, 人民文学出版社
    [InlineData("978-7-02-000220-7", "9787020002207")]    // hyphens
    [InlineData(" ISBN 978 7 02 000220 7 ", "9787020002207")]
    [InlineData("020161622X", "9780201616224")]           // ISBN-10 with X, upgraded
    [InlineData("0-201-61622-x", "9780201616224")]        // lower-case x
    [InlineData("7536609299", "9787536609297")]           // Chinese ISBN-10 upgraded to 978-7
    public void Valid_isbns_are_normalised_to_isbn13(string input, string expected)
    {
        Isbn.TryNormalize(input, out var problem).ShouldBe(expected);
        problem.ShouldBeNull();
    }

    [Theory]
    [InlineData("9787020002208", "末位应为7")]
    [InlineData("0201616221", "末位应为X")]
    [InlineData("7536609290", "末位应为9")]
    public void A_wrong_check_digit_is_refused_naming_the_expected_digit(string input, string expected)
    {
        Isbn.TryNormalize(input, out var problem).ShouldBeNull();
        problem.ShouldNotBeNull();
        problem.Message.ShouldStartWith("ISBN校验位错误");
        string.Format(System.Globalization.CultureInfo.InvariantCulture, problem.Message, problem.Arguments).ShouldContain(expected);
    }

    [Theory]
    [InlineData("", "请填写ISBN")]
    [InlineData("97870200022", "ISBN应为10位或13位")]
    [InlineData("9771234567003", "ISBN-13应以978或979开头")]
    [InlineData("97870200A2207", "ISBN只能包含数字")]
    [InlineData("X201616220", "ISBN-10只有末位可以是X")]
    public void Malformed_isbns_get_a_clear_message(string input, string start)
    {
        Isbn.TryNormalize(input, out var problem).ShouldBeNull();
        problem!.Message.ShouldStartWith(start);
    }
}
