namespace UnionOne.Bench.Infrastructure;

/// <summary>Waits until the app under test answers GET /health with 200 (database up, migrations current).</summary>
internal static class Health
{
    public static async Task<bool> WaitAsync(Uri url, TimeSpan timeout, string? pid, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (pid is not null && !Directory.Exists($"/proc/{pid}"))
            {
                Console.Error.WriteLine($"the app (pid {pid}) exited before {url} answered");
                return false;
            }
            try
            {
                using var response = await client.GetAsync(url, ct);
                if (response.IsSuccessStatusCode) return true;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                last = "timed out";
            }
            await Task.Delay(500, ct);
        }
        Console.Error.WriteLine($"{url} did not answer 200 within {timeout.TotalSeconds:0} s (last: {last})");
        return false;
    }
}
