using UnionOne.Modules.Members.Contracts;
using UnionOne.Modules.Members.Domain;

namespace UnionOne.Tests.Members;

public sealed class MemberRulesTests
{
    [Theory]
    [InlineData("外卖骑手", JobType.Rider)]
    [InlineData("rider", JobType.Rider)]
    [InlineData("RideHailingDriver", JobType.RideHailingDriver)]
    [InlineData("14", JobType.DomesticWorker)]
    [InlineData(" 教师 ", JobType.Teacher)]
    public void Job_types_parse_from_label_name_or_number(string text, JobType expected)
    {
        JobTypeLabels.TryParse(text, out var type).ShouldBeTrue();
        type.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("宇航员")]
    [InlineData("5")]
    [InlineData("99")]
    public void Unknown_job_types_do_not_parse(string text) => JobTypeLabels.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Every_job_type_has_a_label_and_new_employment_forms_are_marked()
    {
        foreach (var type in Enum.GetValues<JobType>()) JobTypeLabels.All.ShouldContain(x => x.Type == type);
        JobTypeLabels.All.Where(x => x.Type.IsNewEmploymentForm()).Select(x => x.Label).ShouldBe(["外卖骑手", "快递员", "网约车司机", "货车司机", "家政服务员"]);
        MemberStatus.Left.Label().ShouldBe("已离会");
        MemberStatusLabels.TryParse("在会", out var s).ShouldBeTrue();
        s.ShouldBe(MemberStatus.Active);
    }

    [Theory]
    [InlineData("劳模", true)]
    [InlineData("一二三四五六七八九十", true)]
    [InlineData("一二三四五六七八九十一", false)]
    [InlineData("<i>", false)]
    [InlineData("a&b", false)]
    [InlineData("  ", false)]
    public void Tags_are_short_and_plain(string tag, bool ok) => (MemberFields.Tag(tag, out _) is not null).ShouldBe(ok);

    [Fact]
    public void Tag_lists_deduplicate_and_cap_at_ten()
    {
        MemberFields.Tags(["劳模", " 劳模 ", "工匠"], out _).ShouldBe(["劳模", "工匠"]);
        MemberFields.Tags(Enumerable.Range(0, 11).Select(i => "t" + i), out var error).ShouldBeNull();
        error.ShouldBe("每位会员最多10个标签");
    }

    [Fact]
    public void Id_suffix_is_four_characters_with_an_optional_final_x()
    {
        MemberFields.IdSuffix("002x", out _).ShouldBe("002X");
        MemberFields.IdSuffix("02X1", out _).ShouldBeNull();
        MemberFields.IdSuffix("12345", out _).ShouldBeNull();
    }
}
