using System.Numerics;

namespace UnionOne.Platform.Qr;

/// <summary>
/// QR Code encoder (ISO/IEC 18004), byte mode, versions 1 to <see cref="QrTables.MaxVersion"/>: the smallest version
/// that fits, Reed–Solomon blocks interleaved, and the mask with the lowest penalty (<see cref="QrPenalty"/>).
/// The bytes are encoded as given without an ECI header (UTF-8 or ASCII text, as readers assume).
/// </summary>
internal static class QrEncoder
{
    private const int B = QrLayout.Border;

    public static QrCode Encode(ReadOnlySpan<byte> data, QrEcc ecc) => EncodeCore(data, ecc, -1);

    /// <summary>Encodes with the given mask (0–7) instead of the best one.</summary>
    public static QrCode Encode(ReadOnlySpan<byte> data, QrEcc ecc, int mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mask);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mask, 7);
        return EncodeCore(data, ecc, mask);
    }

    public static int VersionFor(int length, QrEcc ecc)
    {
        for (var version = QrTables.MinVersion; version <= QrTables.MaxVersion; version++)
        {
            if (QrTables.ByteCapacity(version, ecc) >= length) return version;
        }
        throw new ArgumentException(
            $"QR: {length} bytes do not fit a version {QrTables.MaxVersion} code at level {ecc} (at most {QrTables.ByteCapacity(QrTables.MaxVersion, ecc)} bytes).",
            nameof(length));
    }

    private static QrCode EncodeCore(ReadOnlySpan<byte> data, QrEcc ecc, int mask)
    {
        var version = VersionFor(data.Length, ecc);
        Span<byte> codewords = stackalloc byte[QrTables.TotalCodewords(version)];
        Codewords(data, version, ecc, codewords);
        var layout = QrLayout.For(version);
        return layout.Size + 2 * B <= 64
            ? Place<ulong>(layout, ecc, codewords, mask)
            : Place<UInt128>(layout, ecc, codewords, mask);
    }

    /// <summary>Data codewords (mode, count, bytes, terminator, padding) and their error correction, interleaved.</summary>
    private static void Codewords(ReadOnlySpan<byte> data, int version, QrEcc ecc, Span<byte> result)
    {
        var dataCount = QrTables.DataCodewords(version, ecc);
        Span<byte> stream = stackalloc byte[dataCount];
        var n = data.Length;
        var k = 0;
        int carry;
        if (QrTables.CountBits(version) == 8)
        {
            stream[k++] = (byte)(0x40 | n >> 4);
        }
        else
        {
            stream[k++] = (byte)(0x40 | n >> 12);
            stream[k++] = (byte)(n >> 4);
        }
        carry = n & 0xF;
        foreach (var b in data)
        {
            stream[k++] = (byte)(carry << 4 | b >> 4);
            carry = b & 0xF;
        }
        // The last half byte, then the 4-bit terminator; the header makes the stream end at a half byte, so it fits.
        stream[k++] = (byte)(carry << 4);
        for (var pad = 0xEC; k < dataCount; pad ^= 0xEC ^ 0x11) stream[k++] = (byte)pad;

        var blocks = QrTables.Blocks(version, ecc);
        var eccLength = QrTables.EccPerBlock(version, ecc);
        var total = result.Length;
        var shortBlocks = blocks - total % blocks;
        var shortData = total / blocks - eccLength;
        Span<byte> eccs = stackalloc byte[blocks * eccLength];
        for (int j = 0, start = 0; j < blocks; j++)
        {
            var length = shortData + (j < shortBlocks ? 0 : 1);
            ReedSolomon.Remainder(stream.Slice(start, length), eccs.Slice(j * eccLength, eccLength));
            start += length;
        }
        k = 0;
        for (var i = 0; i <= shortData; i++)
        {
            for (var j = 0; j < blocks; j++)
            {
                if (i == shortData && j < shortBlocks) continue;
                result[k++] = stream[j * shortData + Math.Max(0, j - shortBlocks) + i];
            }
        }
        for (var i = 0; i < eccLength; i++)
        {
            for (var j = 0; j < blocks; j++) result[k++] = eccs[j * eccLength + i];
        }
    }

    private static QrCode Place<T>(QrLayout layout, QrEcc ecc, ReadOnlySpan<byte> codewords, int forcedMask)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        var size = layout.Size;
        Span<T> rows = stackalloc T[size];
        Span<T> cols = stackalloc T[size];
        for (var i = 0; i < size; i++)
        {
            rows[i] = T.CreateTruncating(layout.FunctionRows[i]);
            cols[i] = T.CreateTruncating(layout.FunctionCols[i]);
        }
        var positions = layout.DataPositions;
        var bits = codewords.Length * 8;
        for (var i = 0; i < bits; i++)
        {
            var bit = T.CreateTruncating((codewords[i >> 3] >> (7 - (i & 7))) & 1);
            var p = positions[i];
            int x = p & 0xFF, y = p >> 8;
            rows[y] |= bit << (x + B);
            cols[x] |= bit << (y + B);
        }

        Span<T> maskedRows = stackalloc T[size];
        Span<T> maskedCols = stackalloc T[size];
        var best = forcedMask;
        if (best < 0)
        {
            var bestScore = int.MaxValue;
            for (var mask = 0; mask < 8; mask++)
            {
                ApplyMask(layout, ecc, mask, rows, cols, maskedRows, maskedCols);
                var score = QrPenalty.Score<T>(maskedRows, maskedCols, size);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = mask;
                }
            }
        }
        ApplyMask(layout, ecc, best, rows, cols, maskedRows, maskedCols);
        var result = new UInt128[size];
        for (var y = 0; y < size; y++) result[y] = UInt128.CreateTruncating(maskedRows[y]) >> B;
        return new QrCode(layout.Version, ecc, best, result);
    }

    private static void ApplyMask<T>(QrLayout layout, QrEcc ecc, int mask, ReadOnlySpan<T> rows, ReadOnlySpan<T> cols, Span<T> maskedRows, Span<T> maskedCols)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        var size = layout.Size;
        var maskRows = layout.MaskRows[mask];
        var maskCols = layout.MaskCols[mask];
        for (var i = 0; i < size; i++)
        {
            maskedRows[i] = rows[i] ^ T.CreateTruncating(maskRows[i]);
            maskedCols[i] = cols[i] ^ T.CreateTruncating(maskCols[i]);
        }
        var format = QrLayout.FormatBits(ecc, mask);
        for (var i = 0; i < 15; i++)
        {
            if (((format >> i) & 1) == 0) continue;
            var (x1, y1, x2, y2) = QrLayout.FormatPosition(size, i);
            maskedRows[y1] |= T.One << (x1 + B);
            maskedCols[x1] |= T.One << (y1 + B);
            maskedRows[y2] |= T.One << (x2 + B);
            maskedCols[x2] |= T.One << (y2 + B);
        }
    }
}
