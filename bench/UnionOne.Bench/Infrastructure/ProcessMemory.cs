namespace UnionOne.Bench.Infrastructure;

/// <summary>Resident memory from /proc: VmHWM is the peak resident set size of the process over its life.</summary>
internal static class ProcessMemory
{
    public static long PeakResidentBytes(string pid = "self") => Read(pid, "VmHWM:");

    public static long ResidentBytes(string pid = "self") => Read(pid, "VmRSS:");

    private static long Read(string pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            if (line is null) return 0;
            var kib = long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return kib * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
