using System.Text;
using UnionOne.Platform.Qr;
using Xunit.Abstractions;

namespace UnionOne.Tests.Platform.Qr;

public sealed class QrEncoderTests(ITestOutputHelper output)
{
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>Random printable ASCII, member-code-like base64url texts and join URLs (escaped UTF-8).</summary>
    public static IEnumerable<string> Texts()
    {
        var random = new Random(20261121);
        for (var length = 1; length <= 300; length += length < 40 ? 1 : 7)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = (char)random.Next(0x20, 0x7F);
            yield return new string(chars);
        }
        for (var i = 0; i < 40; i++)
        {
            var length = 140 + random.Next(20);
            yield return "UC1." + new string(Enumerable.Range(0, length).Select(_ => Base64Url[random.Next(64)]).ToArray());
        }
        for (var i = 0; i < 20; i++)
        {
            var code = new string(Enumerable.Range(0, 4 + random.Next(12)).Select(_ => Base64Url[random.Next(26)]).ToArray());
            yield return $"https://union{i}.example.cn:8443/join/{Uri.EscapeDataString(code + "/中 " + i)}";
        }
        for (var i = 0; i < 5; i++) yield return $"入会二维码 {i} é {new string('中', i * 20)}";
    }

    [Theory]
    [InlineData("L")]
    [InlineData("M")]
    public void Exactly_one_forced_mask_reproduces_qrcoder_and_the_chosen_mask_has_the_lowest_penalty(string level)
    {
        var ecc = Enum.Parse<QrEcc>(level);
        int texts = 0, sameChoice = 0, qrcoderAtMinimum = 0;
        var versions = new SortedSet<int>();
        foreach (var text in Texts())
        {
            var reference = QrReference.Modules(text, ecc);
            var penalties = new int[8];
            var matching = new List<int>();
            for (var mask = 0; mask < 8; mask++)
            {
                var code = QrReference.Encode(text, ecc, mask);
                code.Mask.ShouldBe(mask);
                var modules = QrReference.Modules(code);
                if (QrReference.Same(modules, reference)) matching.Add(mask);
                penalties[mask] = QrReference.Penalty(modules);
            }
            matching.Count.ShouldBe(1, $"masks matching QRCoder for \"{text}\" ({text.Length} bytes)");

            var chosen = QrEncoder.Encode(Encoding.UTF8.GetBytes(text), ecc);
            penalties[chosen.Mask].ShouldBe(penalties.Min(), $"penalties {string.Join(",", penalties)} for \"{text}\"");
            QrReference.Same(QrReference.Modules(chosen), QrReference.Modules(QrReference.Encode(text, ecc, chosen.Mask))).ShouldBeTrue();
            versions.Add(chosen.Version);
            texts++;
            if (chosen.Mask == matching[0]) sameChoice++;
            if (penalties[matching[0]] == penalties.Min()) qrcoderAtMinimum++;
        }
        output.WriteLine($"{ecc}: {texts} texts, versions {string.Join(",", versions)}; our mask equals QRCoder's for {sameChoice}; QRCoder's mask has the lowest penalty by the standard's rules for {qrcoderAtMinimum}.");
        texts.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData("L")]
    [InlineData("M")]
    public void Every_version_matches_qrcoder_when_full(string level)
    {
        var ecc = Enum.Parse<QrEcc>(level);
        var random = new Random(7);
        for (var version = 1; version <= QrTables.MaxVersion; version++)
        {
            var length = QrTables.ByteCapacity(version, ecc);
            var text = new string(Enumerable.Range(0, length).Select(_ => Base64Url[random.Next(26, 64)]).ToArray());
            var reference = QrReference.Modules(text, ecc);
            var matches = Enumerable.Range(0, 8).Count(mask =>
            {
                var code = QrReference.Encode(text, ecc, mask);
                code.Version.ShouldBe(version);
                return QrReference.Same(QrReference.Modules(code), reference);
            });
            matches.ShouldBe(1, $"version {version}, {length} bytes");
        }
    }

    [Theory]
    [InlineData("L", 1, 17)]
    [InlineData("M", 1, 14)]
    [InlineData("L", 7, 154)]
    [InlineData("M", 7, 122)]
    [InlineData("L", 10, 271)]
    [InlineData("M", 10, 213)]
    [InlineData("L", 25, 1273)]
    [InlineData("M", 25, 997)]
    public void The_smallest_version_that_fits_is_chosen(string level, int version, int capacity)
    {
        var ecc = Enum.Parse<QrEcc>(level);
        QrTables.ByteCapacity(version, ecc).ShouldBe(capacity);
        QrEncoder.Encode(new byte[capacity], ecc).Version.ShouldBe(version);
        if (version > 1) QrEncoder.Encode(new byte[QrTables.ByteCapacity(version - 1, ecc) + 1], ecc).Version.ShouldBe(version);
        if (version < QrTables.MaxVersion)
        {
            QrEncoder.Encode(new byte[capacity + 1], ecc).Version.ShouldBe(version + 1);
        }
        else
        {
            var error = Should.Throw<ArgumentException>(() => QrEncoder.Encode(new byte[capacity + 1], ecc));
            error.Message.ShouldContain($"{capacity + 1} bytes do not fit");
        }
    }

    [Fact]
    public void A_bad_mask_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => QrEncoder.Encode("a"u8, QrEcc.L, 8));
        Should.Throw<ArgumentOutOfRangeException>(() => QrEncoder.Encode("a"u8, QrEcc.L, -1));
    }

    [Fact]
    public void Utf8_text_is_encoded_byte_for_byte()
    {
        var code = QrEncoder.Encode(Encoding.UTF8.GetBytes("入会 https://x.cn/join/中"), QrEcc.M);
        code.Size.ShouldBe(QrTables.Size(code.Version));
        code.DarkCount.ShouldBeGreaterThan(code.Size * 4);
    }
}
