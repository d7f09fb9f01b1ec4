namespace UnionOne.Platform.Qr;

/// <summary>The per-version tables of ISO/IEC 18004 (table 9): error correction codewords per block and block counts.</summary>
internal static class QrTables
{
    public const int MinVersion = 1;

    /// <summary>Rows are packed in 128-bit words with a 4-module light border on each side, so 117 + 8 modules is the limit.</summary>
    public const int MaxVersion = 25;

    // Index [ecc][version]; index 0 unused.
    private static readonly sbyte[][] EccCodewordsPerBlock =
    [
        [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ];

    private static readonly sbyte[][] ErrorCorrectionBlocks =
    [
        [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ];

    public static int Size(int version) => version * 4 + 17;

    public static int EccPerBlock(int version, QrEcc ecc) => EccCodewordsPerBlock[(int)ecc][version];

    public static int Blocks(int version, QrEcc ecc) => ErrorCorrectionBlocks[(int)ecc][version];

    /// <summary>Modules left for data and error correction once the function patterns are drawn.</summary>
    public static int RawDataModules(int version)
    {
        var result = (16 * version + 128) * version + 64;
        if (version >= 2)
        {
            var align = version / 7 + 2;
            result -= (25 * align - 10) * align - 55;
            if (version >= 7) result -= 36;
        }
        return result;
    }

    public static int TotalCodewords(int version) => RawDataModules(version) / 8;

    public static int DataCodewords(int version, QrEcc ecc) =>
        TotalCodewords(version) - EccPerBlock(version, ecc) * Blocks(version, ecc);

    /// <summary>How many bytes fit in byte mode (mode indicator, character count, data).</summary>
    public static int ByteCapacity(int version, QrEcc ecc) =>
        (DataCodewords(version, ecc) * 8 - 4 - CountBits(version)) / 8;

    public static int CountBits(int version) => version < 10 ? 8 : 16;

    public static int AlignmentCount(int version) => version == 1 ? 0 : version / 7 + 2;

    public static void AlignmentPositions(int version, Span<int> positions)
    {
        var count = AlignmentCount(version);
        if (count == 0) return;
        var step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
        positions[0] = 6;
        for (int i = count - 1, pos = Size(version) - 7; i >= 1; i--, pos -= step) positions[i] = pos;
    }
}
