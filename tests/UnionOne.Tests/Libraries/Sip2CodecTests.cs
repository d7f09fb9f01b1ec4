using UnionOne.Modules.Libraries.Sip2;

namespace UnionOne.Tests.Libraries;

public sealed class Sip2CodecTests
{
    // Example frames of the SIP2 2.00 specification (3M), as quoted by several open-source SIP2 implementations.
    private const string SpecCheckin = "09N19980821    085721                  APCertification Terminal Location|AOCertification Institute ID|ABCheckInBook|ACTPWord|BIN|AY2AZD6A5";
    private const string SpecLoginResponse = "941AY3AZFDFA";
    private const string SpecEndSession = "3519980723    094014AOCertification Institute ID|AAPatronID|AY3AZEBF2";
    private const string SpecItemInformation = "1719980723    100000AOCertification Institute ID|ABItemBook|AY1AZEBEB";

    [Theory]
    [InlineData(SpecCheckin)]
    [InlineData(SpecLoginResponse)]
    [InlineData(SpecEndSession)]
    [InlineData(SpecItemInformation)]
    public void The_checksum_matches_the_specification_examples(string frame)
    {
        var az = frame.LastIndexOf("AZ", StringComparison.Ordinal);
        Sip2Codec.Checksum(frame[..(az + 2)]).ShouldBe(frame[(az + 2)..]);
    }

    [Fact]
    public void The_spec_checkin_example_parses_and_formats_back_to_the_same_frame()
    {
        var parsed = Sip2Codec.Parse(SpecCheckin + "\r");
        parsed.Ok.ShouldBeTrue(parsed.Detail);
        var m = parsed.Message!;
        m.Command.ShouldBe("09");
        m.Fixed.ShouldBe("N19980821    085721                  ");
        m.Sequence.ShouldBe(2);
        m.HasChecksum.ShouldBeTrue();
        m["AP"].ShouldBe("Certification Terminal Location");
        m["AB"].ShouldBe("CheckInBook");
        m["BI"].ShouldBe("N");
        m["AC"].ShouldBe("TPWord");

        Sip2Codec.Format(m, 2).ShouldBe(SpecCheckin);
    }

    [Fact]
    public void A_fixed_field_only_answer_parses()
    {
        var m = Sip2Codec.Parse(SpecLoginResponse).Message!;
        m.Command.ShouldBe("94");
        m.Fixed.ShouldBe("1");
        m.Sequence.ShouldBe(3);
        m.Fields.ShouldBeEmpty();
    }

    [Fact]
    public void Chinese_text_round_trips_with_a_checksum_over_its_utf8_bytes()
    {
        var message = Sip2Message.Create("18", "03" + "00" + "01" + "20261122    101500", ("AB", "L12-000001"), ("AJ", "红楼梦"), ("AQ", "甲区职工书屋"));
        var frame = Sip2Codec.Format(message, 7);
        var parsed = Sip2Codec.Parse(frame);
        parsed.Ok.ShouldBeTrue(parsed.Detail);
        parsed.Message!["AJ"].ShouldBe("红楼梦");
        parsed.Message.Sequence.ShouldBe(7);
    }

    [Fact]
    public void A_pipe_inside_a_value_cannot_break_the_frame()
    {
        var frame = Sip2Codec.Format(Sip2Message.Create("36", "Y20261122    101500", ("AF", "a|b")), 1);
        Sip2Codec.Parse(frame).Message!["AF"].ShouldBe("a b");
    }

    [Fact]
    public void A_wrong_checksum_is_refused()
    {
        var flipped = SpecCheckin.Replace("CheckInBook", "CheckInBooc");
        var parsed = Sip2Codec.Parse(flipped);
        parsed.Ok.ShouldBeFalse();
        parsed.Error.ShouldBe(Sip2FrameError.WrongChecksum);

        Sip2Codec.Parse(SpecCheckin[..^1] + "6").Error.ShouldBe(Sip2FrameError.WrongChecksum);
    }

    [Theory]
    [InlineData("09N19980821    0857")]                      // cut inside the fixed fields
    [InlineData("1719980723    100000AOCert|ABItemBook|AY1AZEB")] // checksum cut short
    [InlineData("9")]
    [InlineData("")]
    public void A_truncated_frame_is_refused(string frame)
    {
        var parsed = Sip2Codec.Parse(frame);
        parsed.Ok.ShouldBeFalse();
        parsed.Error.ShouldBe(Sip2FrameError.Truncated);
    }

    [Theory]
    [InlineData("XX123")]
    [InlineData("63000" )]
    public void An_unknown_command_is_refused(string frame)
    {
        Sip2Codec.Parse(frame).Error.ShouldBe(Sip2FrameError.UnknownCommand);
    }

    [Fact]
    public void A_variable_field_without_its_code_is_malformed()
    {
        var body = "1719980723    100000AOInst|x|";
        var frame = body + "AY1AZ" + Sip2Codec.Checksum(body + "AY1AZ");
        Sip2Codec.Parse(frame).Error.ShouldBe(Sip2FrameError.Malformed);
    }

    [Fact]
    public void The_resend_request_carries_its_own_checksum()
    {
        var resend = Sip2Codec.ResendRequest();
        resend.ShouldStartWith("96AZ");
        var parsed = Sip2Codec.Parse(resend);
        parsed.Ok.ShouldBeTrue(parsed.Detail);
        parsed.Message!.HasChecksum.ShouldBeTrue();
    }

    [Fact]
    public void Timestamps_have_eighteen_characters()
    {
        Sip2Codec.Timestamp(new DateTime(1998, 8, 21, 8, 57, 21)).ShouldBe("19980821    085721");
    }
}
