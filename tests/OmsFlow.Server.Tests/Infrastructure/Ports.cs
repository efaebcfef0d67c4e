using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OmsFlow.Server.Tests.Infrastructure;

/// <summary>Loopback ports for servers a test starts, stops and starts again on the same port.</summary>
/// <remarks>
/// A port handed out by the OS for port 0 lies in its ephemeral range, where the OS hands it out again to the next
/// socket bound to port 0 (another test's in-process server) as soon as it is free: a process killed and restarted on
/// it could then find it taken, and its clients would talk to the wrong server. So these ports come from below the
/// ephemeral range, which the OS never assigns on its own.
/// </remarks>
public static class Ports
{
    private static int _next = 20_000 + Random.Shared.Next(0, 5_000);

    /// <summary>A free loopback port outside the OS's ephemeral range.</summary>
    public static int Reserve()
    {
        var below = EphemeralStart();
        for (var attempts = 0; attempts < 2_000; attempts++)
        {
            var port = Interlocked.Increment(ref _next);
            if (port >= below)
            {
                Interlocked.Exchange(ref _next, 10_000);
                continue;
            }
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try the next one.
            }
        }
        throw new InvalidOperationException("No free loopback port below the ephemeral range.");
    }

    private static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? start
            : 32_768;
    }
}
