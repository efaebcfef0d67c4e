using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OmsFlow.Templates.Tests.Support;

namespace OmsFlow.Templates.Tests.Email;

/// <summary>A real SMTP server (aiosmtpd under Debian's /usr/bin/python3) on 127.0.0.1 that records what it receives.</summary>
internal sealed class SmtpSink : IDisposable
{
    private readonly string inbox = Path.Combine(Path.GetTempPath(), "omsflow-smtp-" + Guid.NewGuid().ToString("N"));
    private Process? process;

    public SmtpSink()
    {
        Port = FreePort();
        Directory.CreateDirectory(inbox);
    }

    public int Port { get; }

    public bool IsRunning => process is { HasExited: false };

    public void Start()
    {
        var script = Path.Combine(Repository.TestProject, "Email", "smtp_sink.py");
        process = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" --port {Port} --out \"{inbox}\"")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Cannot start /usr/bin/python3; install Debian's python3-aiosmtpd.");
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "READY")
        {
            var error = process.HasExited ? process.StandardError.ReadToEnd() : "no READY line";
            Stop();
            throw new InvalidOperationException($"SMTP sink did not start (is python3-aiosmtpd installed?): {error}");
        }
    }

    public void Stop()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        process = null;
    }

    public IReadOnlyList<ReceivedMessage> Messages() =>
        [.. Directory.EnumerateFiles(inbox, "*.json").Select(f => JsonSerializer.Deserialize<ReceivedMessage>(File.ReadAllText(f), JsonSerializerOptions.Web)!)];

    public void Dispose()
    {
        Stop();
        Directory.Delete(inbox, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record ReceivedMessage(string MailFrom, string[] RcptTos, string Subject, string? MessageId, string? Text, string? Html, ReceivedAttachment[] Attachments);

internal sealed record ReceivedAttachment(string FileName, string ContentType, string Base64);
