namespace UnionOne.Bench;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("UnionOne benchmarks: see scripts/bench.sh");
        return 0;
    }
}
