namespace UnionOne.Platform.Qr;

/// <summary>
/// What depends on the version only, computed once per version: the function patterns, the order in which data
/// modules are filled, and the eight masks restricted to data modules. Rows and columns are kept as bit rows with a
/// light border of <see cref="Border"/> modules on each side (bit x + Border is module x).
/// </summary>
internal sealed class QrLayout
{
    public const int Border = 4;

    private static readonly QrLayout?[] Cache = new QrLayout?[QrTables.MaxVersion + 1];

    public int Version { get; }
    public int Size { get; }
    public UInt128[] FunctionRows { get; }
    public UInt128[] FunctionCols { get; }

    /// <summary>Data module coordinates (x | y &lt;&lt; 8) in placement order (ISO/IEC 18004 7.7.3).</summary>
    public ushort[] DataPositions { get; }

    public UInt128[][] MaskRows { get; } = new UInt128[8][];
    public UInt128[][] MaskCols { get; } = new UInt128[8][];

    public static QrLayout For(int version) => Cache[version] ??= new QrLayout(version);

    private QrLayout(int version)
    {
        Version = version;
        Size = QrTables.Size(version);
        var size = Size;
        var function = new bool[size * size];
        var dark = new bool[size * size];
        void Set(int x, int y, bool isDark)
        {
            function[y * size + x] = true;
            dark[y * size + x] = isDark;
        }

        for (var i = 0; i < size; i++)
        {
            Set(6, i, i % 2 == 0);
            Set(i, 6, i % 2 == 0);
        }
        foreach (var (cx, cy) in new[] { (3, 3), (size - 4, 3), (3, size - 4) })
        {
            for (var dy = -4; dy <= 4; dy++)
            {
                for (var dx = -4; dx <= 4; dx++)
                {
                    int x = cx + dx, y = cy + dy;
                    if (x < 0 || x >= size || y < 0 || y >= size) continue;
                    var distance = Math.Max(Math.Abs(dx), Math.Abs(dy));
                    Set(x, y, distance != 2 && distance != 4);
                }
            }
        }
        Span<int> align = stackalloc int[7];
        var count = QrTables.AlignmentCount(version);
        QrTables.AlignmentPositions(version, align);
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                if ((i == 0 && j == 0) || (i == 0 && j == count - 1) || (i == count - 1 && j == 0)) continue;
                for (var dy = -2; dy <= 2; dy++)
                {
                    for (var dx = -2; dx <= 2; dx++) Set(align[i] + dx, align[j] + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
                }
            }
        }
        // Format areas are reserved light here and written per mask; the dark module is fixed.
        for (var i = 0; i < 15; i++)
        {
            var (x1, y1, x2, y2) = FormatPosition(size, i);
            Set(x1, y1, false);
            Set(x2, y2, false);
        }
        Set(8, size - 8, true);
        if (version >= 7)
        {
            var bits = VersionBits(version);
            for (var i = 0; i < 18; i++)
            {
                var bit = ((bits >> i) & 1) != 0;
                int a = size - 11 + i % 3, b = i / 3;
                Set(a, b, bit);
                Set(b, a, bit);
            }
        }

        FunctionRows = new UInt128[size];
        FunctionCols = new UInt128[size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (!dark[y * size + x]) continue;
                FunctionRows[y] |= UInt128.One << (x + Border);
                FunctionCols[x] |= UInt128.One << (y + Border);
            }
        }

        DataPositions = new ushort[QrTables.RawDataModules(version)];
        var n = 0;
        for (var right = size - 1; right >= 1; right -= 2)
        {
            if (right == 6) right = 5;
            var upward = ((right + 1) & 2) == 0;
            for (var vert = 0; vert < size; vert++)
            {
                var y = upward ? size - 1 - vert : vert;
                for (var j = 0; j < 2; j++)
                {
                    var x = right - j;
                    if (!function[y * size + x]) DataPositions[n++] = (ushort)(x | y << 8);
                }
            }
        }
        if (n != DataPositions.Length) throw new InvalidOperationException($"QR layout of version {version}: {n} data modules, expected {DataPositions.Length}.");

        for (var mask = 0; mask < 8; mask++)
        {
            var rows = MaskRows[mask] = new UInt128[size];
            var cols = MaskCols[mask] = new UInt128[size];
            foreach (var p in DataPositions)
            {
                int x = p & 0xFF, y = p >> 8;
                if (!Inverts(mask, x, y)) continue;
                rows[y] |= UInt128.One << (x + Border);
                cols[x] |= UInt128.One << (y + Border);
            }
        }
    }

    /// <summary>The two places of format bit i (0 = least significant).</summary>
    public static (int X1, int Y1, int X2, int Y2) FormatPosition(int size, int i)
    {
        var first = i switch
        {
            < 6 => (8, i),
            6 => (8, 7),
            7 => (8, 8),
            8 => (7, 8),
            _ => (14 - i, 8),
        };
        var second = i < 8 ? (size - 1 - i, 8) : (8, size - 15 + i);
        return (first.Item1, first.Item2, second.Item1, second.Item2);
    }

    public static bool Inverts(int mask, int x, int y) => mask switch
    {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    };

    /// <summary>15 format bits: the level and mask, BCH(15,5) protected, XOR 101010000010010.</summary>
    public static int FormatBits(QrEcc ecc, int mask)
    {
        var levelBits = ecc switch { QrEcc.L => 1, QrEcc.M => 0, QrEcc.Q => 3, _ => 2 };
        var data = levelBits << 3 | mask;
        var rem = data;
        for (var i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        return (data << 10 | rem) ^ 0x5412;
    }

    /// <summary>18 version bits: the version, BCH(18,6) protected.</summary>
    public static int VersionBits(int version)
    {
        var rem = version;
        for (var i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
        return version << 12 | rem;
    }
}
