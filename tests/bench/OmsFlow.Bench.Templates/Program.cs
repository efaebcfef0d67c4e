using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Email;
using OmsFlow.Templates.Rendering;

// Renders/second of the reference documents. Run: dotnet run -c Release --project tests/bench/OmsFlow.Bench.Templates
// Optional argument: seconds per measurement (default 2).
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2;
var windowsPerRow = Math.Max(5, (int)(seconds * 5));
var root = FindTemplates();
var library = TemplateSetLoader.LoadLibrary(root);
var engine = new TemplateEngine();
library.RegisterPartials(engine);
PdfSharp.PdfSharpLicense.SetAgplLicense();

var confirmation = library.Get("order-confirmation");
var order = JsonNode.Parse(confirmation.SampleData!.Value.GetRawText())!;
var lines = new JsonArray();
for (var i = 1; i <= 100; i++)
{
    lines.Add(new JsonObject { ["sku"] = $"NW-SKU-{i:000}", ["name"] = $"Product <{i}> & more", ["quantity"] = i % 5 + 1, ["unitPrice"] = 9.95m + i, ["total"] = (9.95m + i) * (i % 5 + 1) });
}

order["order"]!["lines"] = lines;
var orderJson = System.Text.Json.JsonSerializer.SerializeToElement(order);
var settings = RenderSettings.For("nl-NL", "Europe/Amsterdam");
var htmlBody = engine.Compile(confirmation.RequiredPart(TemplatePartNames.HtmlBody));
var emails = new EmailRenderer(engine);

// The same email through Handlebars.Net alone: the figure before the direct renderer, measured in the same run.
var handlebarsOnly = new TemplateEngine(directRendering: false);
library.RegisterPartials(handlebarsOnly);
var handlebarsEmails = new EmailRenderer(handlebarsOnly);
var handlebarsHtmlBody = handlebarsOnly.Compile(confirmation.RequiredPart(TemplatePartNames.HtmlBody));
var documents = new DocumentRenderer(engine);
var label = library.Get("shipping-label");
var invoice = library.Get("invoice");

var rows = new List<(string Name, Func<object> Action)>
{
    ("Order confirmation HTML body, 100 lines (JsonElement)", () => htmlBody.Render(orderJson, settings)),
    ("  same HTML body, Handlebars.Net only (before)", () => handlebarsHtmlBody.Render(orderJson, settings)),
    ("Order confirmation HTML body, 100 lines (JsonNode)", () => htmlBody.Render(order, settings)),
    ("Order confirmation email: subject+HTML+text, 100 lines", () => emails.Render(confirmation, orderJson, settings)),
    ("  same email, Handlebars.Net only (before)", () => handlebarsEmails.Render(confirmation, orderJson, settings)),
    ("Shipping label ZPL 203 dpi", () => documents.RenderZpl(label, label.SampleData, settings)),
    ("Invoice PDF (4 lines, embedded font)", () => documents.Render(invoice, invoice.SampleData, DocumentFormat.Pdf, settings)),
};

// Warm every row before measuring any, so the first row does not pay for tiered JIT of the shared code.
foreach (var (_, action) in rows)
{
    var warmup = Stopwatch.StartNew();
    for (var calls = 0; warmup.Elapsed.TotalSeconds < 1 || calls < 200; calls++)
    {
        action();
    }
}

var results = rows.Select(row => Measure(row.Name, row.Action)).ToList();

Console.WriteLine();
Console.WriteLine($"{"Benchmark",-58} {"wall us/op",11} {"CPU us/op",10} {"ops/s (CPU)",12} {"alloc/op",11}");
Console.WriteLine(new string('-', 106));
foreach (var (name, wall, cpu, bytes) in results)
{
    Console.WriteLine($"{name,-58} {wall,11:N1} {cpu,10:N1} {1_000_000 / cpu,12:N0} {bytes / 1024.0,8:N1} KB");
}

Console.WriteLine();
Console.WriteLine($"Target: order-confirmation render <= 25 us. {Environment.ProcessorCount} cores, .NET {Environment.Version}, {seconds:0.#} s per row (best of {windowsPerRow} windows), " +
    $"load average {LoadAverage()}. CPU time per op is the figure to compare on a shared machine; wall time includes waiting for a core.");

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

// The machine is shared with other builds, so a row is measured in windows of a fifth of a second (at least five; the
// process CPU clock ticks every 10 ms) and the quietest one is reported:
// CPU time per op in the window with the least CPU per op (contention inflates CPU time too, through caches and SMT).
(string, double, double, long) Measure(string name, Func<object> action)
{
    var best = (Wall: double.MaxValue, Cpu: double.MaxValue, Bytes: 0L);
    for (var window = 0; window < windowsPerRow; window++)
    {
        GC.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var count = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds / windowsPerRow)
        {
            for (var i = 0; i < 16; i++)
            {
                action();
            }

            count += 16;
        }

        watch.Stop();
        var cpuMicros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
        if (cpuMicros < best.Cpu)
        {
            best = (watch.Elapsed.TotalMicroseconds / count, cpuMicros, (GC.GetAllocatedBytesForCurrentThread() - allocated) / count);
        }
    }

    return (name, best.Wall, best.Cpu, best.Bytes);
}

static string FindTemplates()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        var candidate = Path.Combine(directory.FullName, "definitions", "templates");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new DirectoryNotFoundException("definitions/templates not found above " + AppContext.BaseDirectory);
}
