using System.Text;
using QRCoder;
using UnionOne.Platform.Qr;

namespace UnionOne.Tests.Platform.Qr;

/// <summary>QRCoder as the reference encoder, and a plain penalty count written from the standard's table.</summary>
internal static class QrReference
{
    private const int QuietZone = 4;

    /// <summary>
    /// QRCoder's modules without its 4-module quiet zone, [x, y]. Its bytes overload encodes one byte-mode segment
    /// as we do; its string overload switches to numeric and alphanumeric segments where that is shorter (Annex J).
    /// </summary>
    public static bool[,] Modules(string text, QrEcc ecc)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Encoding.UTF8.GetBytes(text), ecc == QrEcc.L ? QRCodeGenerator.ECCLevel.L : QRCodeGenerator.ECCLevel.M);
        var size = data.ModuleMatrix.Count - 2 * QuietZone;
        var modules = new bool[size, size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++) modules[x, y] = data.ModuleMatrix[y + QuietZone][x + QuietZone];
        }
        return modules;
    }

    public static bool[,] Modules(QrCode code)
    {
        var modules = new bool[code.Size, code.Size];
        for (var y = 0; y < code.Size; y++)
        {
            for (var x = 0; x < code.Size; x++) modules[x, y] = code[x, y];
        }
        return modules;
    }

    public static bool Same(bool[,] a, bool[,] b) =>
        a.GetLength(0) == b.GetLength(0) && a.Cast<bool>().SequenceEqual(b.Cast<bool>());

    public static QrCode Encode(string text, QrEcc ecc, int mask) => QrEncoder.Encode(Encoding.UTF8.GetBytes(text), ecc, mask);

    /// <summary>
    /// ISO/IEC 18004 table 11, counted the slow way: runs of 5 + i score 3 + i; 2×2 blocks 3; 1:1:3:1:1 with 4 light
    /// modules before or after (the quiet zone counts as light) 40 each; 10 per full 5% of dark share away from 50%.
    /// </summary>
    public static int Penalty(bool[,] m)
    {
        var size = m.GetLength(0);
        var score = 0;
        for (var line = 0; line < size; line++)
        {
            foreach (var horizontal in new[] { true, false })
            {
                var cells = Enumerable.Range(0, size).Select(i => horizontal ? m[i, line] : m[line, i]).ToArray();
                var run = 1;
                for (var i = 1; i <= size; i++)
                {
                    if (i < size && cells[i] == cells[i - 1])
                    {
                        run++;
                        continue;
                    }
                    if (run >= 5) score += run - 2;
                    run = 1;
                }
                var padded = new bool[4].Concat(cells).Concat(new bool[4]).ToArray();
                for (var i = 0; i + 11 <= padded.Length; i++)
                {
                    var window = string.Concat(padded.Skip(i).Take(11).Select(d => d ? '1' : '0'));
                    if (window is "10111010000" or "00001011101") score += 40;
                }
            }
        }
        for (var y = 0; y + 1 < size; y++)
        {
            for (var x = 0; x + 1 < size; x++)
            {
                var c = m[x, y];
                if (m[x + 1, y] == c && m[x, y + 1] == c && m[x + 1, y + 1] == c) score += 3;
            }
        }
        var dark = m.Cast<bool>().Count(d => d);
        var total = size * size;
        var deviation = Math.Abs(dark * 100.0 / total - 50);
        score += (int)Math.Floor(deviation / 5 + 1e-9) * 10;
        return score;
    }
}
