using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace OmsFlow.Bench.Growth;

/// <summary>The measurements taken at each database size, all through the server's HTTP API.</summary>
internal static class Probes
{
    /// <summary>Workflows started and run to completion per second (hook with <c>wait=true</c>), closed loop.</summary>
    public static async Task<double> StartsPerSecondAsync(HttpClient client, string prefix, TimeSpan duration, int concurrency)
    {
        var counter = 0;
        var done = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                var n = Interlocked.Increment(ref counter);
                using var response = await PostAsync(client, "/hooks/growth?wait=true", $$"""{"orderId":"{{prefix}}-{{n}}","total":{{n % 200}}}""");
                Expect(response, HttpStatusCode.OK);
                Interlocked.Increment(ref done);
            }
        }));
        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Starts <paramref name="count"/> instances that wait on hook <c>parcel</c>; returns their order numbers.</summary>
    public static async Task<List<string>> StartWaitersAsync(HttpClient client, string prefix, int count, int concurrency)
    {
        var keys = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (key, _) =>
        {
            using var response = await PostAsync(client, "/hooks/waiter?wait=true&timeoutSeconds=0", $$"""{"orderId":"{{key}}"}""");
            Expect(response, HttpStatusCode.Accepted);
        });
        return keys;
    }

    /// <summary>Latency of resuming each waiting instance through <c>POST /hooks/parcel/{key}</c>, one at a time (ms, sorted).</summary>
    public static async Task<double[]> ResumeLatenciesAsync(HttpClient client, IEnumerable<string> keys)
    {
        var latencies = new List<double>();
        foreach (var key in keys)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await PostAsync(client, $"/hooks/parcel/{key}", """{"carrier":"DHL"}""");
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Expect(response, HttpStatusCode.OK, HttpStatusCode.Accepted);
        }
        latencies.Sort();
        return [.. latencies];
    }

    /// <summary>Median time of a GET, over <paramref name="repeats"/> calls (each path from <paramref name="path"/>), after one warm-up call.</summary>
    public static async Task<double> MedianGetAsync(HttpClient client, Func<int, string> path, int repeats)
    {
        using (var warm = await client.GetAsync(path(-1)))
        {
            Expect(warm, HttpStatusCode.OK);
        }
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path(i));
            await response.Content.LoadIntoBufferAsync();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Expect(response, HttpStatusCode.OK);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json)
        => client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static void Expect(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} -> {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }
}
