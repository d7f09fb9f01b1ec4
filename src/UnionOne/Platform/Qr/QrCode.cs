namespace UnionOne.Platform.Qr;

/// <summary>An encoded QR symbol without quiet zone; row y holds module x at bit x, set when dark.</summary>
internal sealed class QrCode
{
    private readonly UInt128[] rows;

    public QrCode(int version, QrEcc ecc, int mask, UInt128[] rows)
    {
        Version = version;
        Ecc = ecc;
        Mask = mask;
        this.rows = rows;
    }

    public int Version { get; }
    public QrEcc Ecc { get; }
    public int Mask { get; }
    public int Size => rows.Length;

    public bool this[int x, int y] => ((rows[y] >> x) & UInt128.One) != UInt128.Zero;

    public UInt128 Row(int y) => rows[y];

    public int DarkCount
    {
        get
        {
            var dark = 0;
            foreach (var row in rows) dark += (int)UInt128.PopCount(row);
            return dark;
        }
    }
}
