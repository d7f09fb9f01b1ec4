using System.Numerics;
using System.Runtime.CompilerServices;

namespace UnionOne.Platform.Qr;

/// <summary>
/// The mask penalty of ISO/IEC 18004 (7.8.3), bit-parallel over rows and columns kept as bit rows with a light border
/// (see <see cref="QrLayout"/>):
/// N1: a run of 5 + i modules of one colour in a row or column scores 3 + i;
/// N2: each 2×2 block of one colour scores 3;
/// N3: each dark-light-dark-dark-dark-light-dark pattern with 4 light modules before it scores 40, and again with 4
/// light modules after it; the area outside the symbol is light (the quiet zone);
/// N4: 10 for each full 5% the dark share deviates from 50%.
/// </summary>
internal static class QrPenalty
{
    private const int B = QrLayout.Border;

    public static int Score<T>(ReadOnlySpan<T> rows, ReadOnlySpan<T> cols, int size)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        var width = size + 2 * B;
        var all = T.AllBitsSet >>> (Unsafe.SizeOf<T>() * 8 - width);
        var pairs = ((T.One << (size - 1)) - T.One) << B;
        var score = 0;
        var dark = 0;
        for (var i = 0; i < size; i++)
        {
            score += Line(rows[i], pairs, all) + Line(cols[i], pairs, all);
            dark += int.CreateTruncating(T.PopCount(rows[i]));
        }
        for (var y = 0; y + 1 < size; y++)
        {
            T r0 = rows[y], r1 = rows[y + 1];
            var same = ~(r0 ^ r1);
            var blocks = same & (same >> 1) & ~(r0 ^ (r0 >> 1)) & pairs;
            score += 3 * int.CreateTruncating(T.PopCount(blocks));
        }
        var total = size * size;
        score += Math.Abs(dark * 20 - total * 10) / total * 10;
        return score;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Line<T>(T b, T pairs, T all)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        // equal: bit i set when modules i and i + 1 have the same colour (both inside the symbol).
        var equal = ~(b ^ (b >> 1)) & pairs;
        var five = equal & (equal >> 1) & (equal >> 2) & (equal >> 3);
        var runStarts = five & ~(equal << 1);
        var n1 = int.CreateTruncating(T.PopCount(five)) + 2 * int.CreateTruncating(T.PopCount(runStarts));

        var light = ~b & all;
        var finder = b & (light >> 1) & (b >> 2) & (b >> 3) & (b >> 4) & (light >> 5) & (b >> 6);
        if (finder == T.Zero) return n1;
        var light4 = light & (light >> 1) & (light >> 2) & (light >> 3);
        return n1 + 40 * int.CreateTruncating(T.PopCount(finder & (light4 >> 7)) + T.PopCount(finder & (light4 << 4)));
    }
}
