using UnionOne.Bench.Infrastructure;
using UnionOne.Bench.Workloads.Import;

namespace UnionOne.Bench;

/// <summary>
/// The benchmark program's verbs; scripts/bench.sh calls them in this order:
/// <list type="bullet">
/// <item>prepare --base &lt;connection string&gt; --database &lt;name&gt;: creates the bench database if missing, prints its connection string</item>
/// <item>count-members: members in UNIONONE_DB (0 before migrations)</item>
/// <item>wait-health --url &lt;url&gt; [--timeout &lt;s&gt;] [--pid &lt;pid&gt;]: waits for the app's /health to answer 200</item>
/// <item>run full|quick: runs the benchmarks against the app, prints the table, writes bench/results/latest.json</item>
/// <item>import-child --file &lt;xlsx&gt; --result &lt;json&gt;: (internal) the import, in its own process</item>
/// <item>member-cookie: signs a random active member in on BENCH_APP_URL and prints the Cookie header (for profiling the
/// member pages by hand, e.g. `wrk -H "Cookie: ..." $BENCH_APP_URL/m/card`)</item>
/// </list>
/// </summary>
internal static class Cli
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string Required(string name) => Option(name) ?? throw new ArgumentException($"missing {name}");

        try
        {
            switch (args.FirstOrDefault())
            {
                case "prepare":
                    Console.WriteLine(await BenchDatabase.EnsureAsync(Required("--base"), Required("--database"), cts.Token));
                    return 0;
                case "count-members":
                {
                    await using var db = BenchDatabase.Open(Environment.GetEnvironmentVariable("UNIONONE_DB") ?? throw new ArgumentException("UNIONONE_DB is not set"));
                    Console.WriteLine(await BenchDatabase.CountMembersAsync(db, cts.Token));
                    return 0;
                }
                case "wait-health":
                    return await Health.WaitAsync(new Uri(Required("--url")), TimeSpan.FromSeconds(double.Parse(Option("--timeout") ?? "180", System.Globalization.CultureInfo.InvariantCulture)),
                        Option("--pid"), cts.Token) ? 0 : 1;
                case "run":
                    return await BenchRun.RunAsync(args.Length > 1 ? args[1] : "quick", cts.Token);
                case "member-cookie":
                    return await BenchRun.MemberCookieAsync(cts.Token);
                case ImportChild.Verb:
                    return await ImportChild.RunAsync(Required("--file"), Required("--result"));
                default:
                    Console.Error.WriteLine("usage: UnionOne.Bench prepare|count-members|wait-health|run full|quick|member-cookie (see scripts/bench.sh)");
                    return 2;
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}
