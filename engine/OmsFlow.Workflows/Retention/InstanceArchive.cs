using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Workflows.Retention;

/// <summary>
/// Archive files of deleted instances: gzip-compressed JSON lines, one instance per line with its state, input,
/// outputs, journal and incidents, one file per retention batch under a folder per day
/// (<c>2026-11-23/instances-20261123T020000123Z-ab12cd34.jsonl.gz</c>).
/// </summary>
/// <remarks>
/// A file is written under a temporary name, flushed to disk and only then renamed, so a file with the final name is
/// always complete; the instances are deleted after that. A crash between the rename and the delete archives those
/// instances again in the next sweep: readers should treat the instance id as the key (the later copy is identical).
/// Timestamps are ISO 8601 UTC; stored JSON (state, input, outputs, journal data) is embedded as JSON.
/// </remarks>
public static class InstanceArchive
{
    /// <summary>File name suffix of archive files.</summary>
    public const string Extension = ".jsonl.gz";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };

    /// <summary>Writes <paramref name="instances"/> to a new archive file under <paramref name="folder"/>, durably, and returns its path.</summary>
    public static async Task<string> WriteAsync(string folder, DateTimeOffset now, IReadOnlyList<ArchivedInstance> instances, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var day = Path.Combine(Path.GetFullPath(folder), now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(day);
        var name = "instances-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var path = Path.Combine(day, name + Extension);
        var partial = path + ".partial";
        try
        {
            var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                await using (gzip.ConfigureAwait(false))
                {
                    var buffer = new MemoryStream();
                    foreach (var instance in instances)
                    {
                        buffer.SetLength(0);
                        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                        {
                            WriteInstance(writer, instance);
                        }
                        buffer.WriteByte((byte)'\n');
                        await gzip.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
                    }
                }
                // The deletion that follows is only safe once the copy is on disk, not just in the OS cache.
                file.Flush(flushToDisk: true);
            }
            File.Move(partial, path);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        return path;
    }

    /// <summary>Reads every instance of an archive file, one JSON object per instance, in the order written.</summary>
    public static IEnumerable<JsonObject> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonNode.Parse(line)!.AsObject();
            }
        }
    }

    /// <summary>Every archive file under <paramref name="folder"/>, oldest first (file names sort by time).</summary>
    public static IReadOnlyList<string> Files(string folder)
        => Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*" + Extension, SearchOption.AllDirectories).OrderBy(Path.GetFileName, StringComparer.Ordinal)]
            : [];

    private static void WriteInstance(Utf8JsonWriter writer, ArchivedInstance archived)
    {
        var i = archived.Instance;
        writer.WriteStartObject();
        writer.WriteString("id", i.Id);
        writer.WriteString("workflowId", i.WorkflowId);
        writer.WriteNumber("version", i.Version);
        writer.WriteString("status", i.Status);
        writer.WriteString("correlationKey", i.CorrelationKey);
        writer.WriteString("parentInstanceId", i.ParentInstanceId);
        writer.WriteNumber("revision", i.Revision);
        writer.WriteString("createdAt", Time(i.CreatedAt));
        writer.WriteString("updatedAt", Time(i.UpdatedAt));
        WriteJson(writer, "input", i.Input);
        WriteJson(writer, "outputs", i.Outputs);
        WriteJson(writer, "state", i.State);
        writer.WriteStartArray("journal");
        foreach (var j in archived.Journal)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", j.Seq);
            writer.WriteString("timestamp", Time(j.Timestamp));
            writer.WriteString("kind", j.Kind);
            writer.WriteString("step", j.Step);
            writer.WriteString("activity", j.Activity);
            writer.WriteString("outcome", j.Outcome);
            writer.WriteNumber("attempt", j.Attempt);
            WriteJson(writer, "data", j.Data);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("incidents");
        foreach (var incident in archived.Incidents)
        {
            writer.WriteStartObject();
            writer.WriteString("id", incident.Id);
            writer.WriteString("step", incident.Step);
            writer.WriteString("error", incident.Error);
            writer.WriteNumber("attempt", incident.Attempt);
            writer.WriteString("createdAt", Time(incident.CreatedAt));
            if (incident.ResolvedAt is { } resolved)
            {
                writer.WriteString("resolvedAt", Time(resolved));
            }
            else
            {
                writer.WriteNull("resolvedAt");
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Embeds stored JSON as JSON; text that does not parse (never written by the engine) is kept as a string rather than lost.</summary>
    private static void WriteJson(Utf8JsonWriter writer, string name, string? json)
    {
        writer.WritePropertyName(name);
        if (string.IsNullOrEmpty(json))
        {
            writer.WriteNullValue();
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            document.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(json);
        }
    }

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}

/// <summary>An instance as it goes into the archive: its row, journal and incidents.</summary>
public sealed record ArchivedInstance(InstanceRecord Instance, IReadOnlyList<JournalRecord> Journal, IReadOnlyList<IncidentRecord> Incidents);
