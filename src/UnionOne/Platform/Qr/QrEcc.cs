namespace UnionOne.Platform.Qr;

/// <summary>Error correction level: L recovers about 7% of the codewords, M 15%, Q 25%, H 30%.</summary>
internal enum QrEcc
{
    L,
    M,
    Q,
    H,
}
