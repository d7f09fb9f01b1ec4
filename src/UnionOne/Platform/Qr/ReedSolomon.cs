namespace UnionOne.Platform.Qr;

/// <summary>Reed–Solomon error correction over GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.</summary>
internal static class ReedSolomon
{
    // Doubled so that a sum of two logarithms indexes it without a modulo.
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];

    // Generator polynomials in log form, by degree (the highest coefficient, always 1, left out).
    private static readonly byte[]?[] Generators = new byte[31][];

    static ReedSolomon()
    {
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Log[x] = (byte)i;
            x <<= 1;
            if (x >= 0x100) x ^= 0x11D;
        }
        for (var i = 255; i < Exp.Length; i++) Exp[i] = Exp[i - 255];
        for (var degree = 1; degree < Generators.Length; degree++) Generators[degree] = Generator(degree);
    }

    public static byte Multiply(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    private static byte[] Generator(int degree)
    {
        // Product of (x - 2^i) for i in [0, degree), coefficients from the highest power down.
        Span<byte> poly = stackalloc byte[degree];
        poly.Clear();
        poly[degree - 1] = 1;
        byte root = 1;
        for (var i = 0; i < degree; i++)
        {
            for (var j = 0; j < degree; j++)
            {
                poly[j] = Multiply(poly[j], root);
                if (j + 1 < degree) poly[j] ^= poly[j + 1];
            }
            root = Multiply(root, 2);
        }
        var log = new byte[degree];
        for (var i = 0; i < degree; i++) log[i] = Log[poly[i]];
        return log;
    }

    /// <summary>Writes the remainder of data·x^n divided by the generator of degree n = ecc.Length.</summary>
    public static void Remainder(ReadOnlySpan<byte> data, Span<byte> ecc)
    {
        var generator = Generators[ecc.Length] ?? throw new ArgumentOutOfRangeException(nameof(ecc));
        ecc.Clear();
        var last = ecc.Length - 1;
        foreach (var b in data)
        {
            var factor = b ^ ecc[0];
            if (factor == 0)
            {
                ecc[1..].CopyTo(ecc);
                ecc[last] = 0;
                continue;
            }
            var logFactor = Log[factor];
            for (var i = 0; i < last; i++) ecc[i] = (byte)(ecc[i + 1] ^ Exp[generator[i] + logFactor]);
            ecc[last] = Exp[generator[last] + logFactor];
        }
    }
}
