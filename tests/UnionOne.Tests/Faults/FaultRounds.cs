using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UnionOne.Tests.Faults;

/// <summary>
/// How many times each fault is injected. `make test` runs the quick part (2 rounds); `make faults` runs the full suite
/// (FAULT_ROUNDS=20).
/// </summary>
internal static class FaultRounds
{
    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("FAULT_ROUNDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2;

    public static string RepositoryRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("UnionOne.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A loopback port nobody listens on now (for a child app or a throwaway cluster).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
