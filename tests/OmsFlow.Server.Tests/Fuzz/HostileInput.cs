using System.Text;

namespace OmsFlow.Server.Tests.Fuzz;

/// <summary>Deterministic generators of malformed and hostile request bodies (seeded, so a failure reproduces).</summary>
public static class HostileInput
{
    private static readonly string[] ValidJson =
    [
        """{"a":21}""",
        """{"id":"SO-1","lines":[{"sku":"A","qty":1,"price":9.99}],"customer":{"segment":"VIP"}}""",
        """{"a":1,"nested":{"b":[true,false,null,"x",1.5e10]}}""",
    ];

    private static readonly string[] ValidYaml =
    [
        "id: fuzz\nsteps:\n  only: { activity: SetVariable, inputs: { name: x, value: 1 } }\nvariables:\n  x: int\n",
        "id: fuzz2\ntriggers:\n  - hook: fz\n    correlation: =a\ninputs:\n  a: { type: string }\nsteps:\n  s: { activity: SetVariable, inputs: { name: y, value: =a + \"!\" }, next: t }\n  t: { activity: Delay, inputs: { duration: 1s } }\nvariables:\n  y: string\n",
    ];

    /// <summary>A hostile JSON-ish body for a hook: bytes, plus the content type to send.</summary>
    public static (byte[] Body, string ContentType) HookBody(Random random)
    {
        return random.Next(14) switch
        {
            0 => (Utf8(new string('[', random.Next(65, 20_000)) + new string(']', random.Next(0, 5))), Json),
            1 => (Utf8(string.Concat(Enumerable.Repeat("{\"a\":", random.Next(65, 5_000))) + "1" + new string('}', random.Next(0, 100))), Json),
            2 => (Utf8("{\"a\":\"" + new string('x', random.Next(10_000, 1_100_000)) + "\"}"), Json),
            3 => (Utf8(WrongType(random)), Json),
            4 => (RandomBytes(random), Json),
            5 => (InvalidUtf8(random), Json),
            6 => (Mutate(random, Utf8(ValidJson[random.Next(ValidJson.Length)])), Json),
            7 => (Utf8(ValidJson[random.Next(ValidJson.Length)]), random.Next(3) switch { 0 => "text/plain", 1 => "application/xml", _ => "multipart/form-data; boundary=x" }),
            8 => (Utf8("{\"a\":\"\\ud800\",\"b\":\"\\udfff\\u0000\"}"), Json),
            9 => (Utf8("{\"a\":1e400,\"b\":-1e400,\"c\":123456789012345678901234567890}"), Json),
            10 => (Utf8("{" + string.Join(',', Enumerable.Range(0, random.Next(1_000, 30_000)).Select(i => $"\"k{i}\":{i}")) + "}"), Json),
            11 => (Utf8("{\"a\":1,\"a\":2,\"__proto__\":{\"polluted\":true},\"constructor\":null}"), Json),
            12 => (Utf8(Truncate(random, ValidJson[random.Next(ValidJson.Length)])), Json),
            _ => ([], random.Next(2) == 0 ? Json : string.Empty),
        };
    }

    /// <summary>A hostile workflow document (YAML or JSON text as bytes) and its content type.</summary>
    public static (byte[] Body, string ContentType) Definition(Random random)
    {
        return random.Next(11) switch
        {
            0 => (Utf8("id: deep\nsteps: " + new string('[', random.Next(100, 20_000))), Yaml),
            1 => (Utf8(BillionLaughs()), Yaml),
            2 => (Utf8("id: " + new string('x', random.Next(10_000, 1_100_000)) + "\nsteps: {}\n"), Yaml),
            3 => (Utf8("id: [1, 2]\nsteps: 7\nvariables: \"no\"\ntriggers: { hook: 5 }\n"), Yaml),
            4 => (RandomBytes(random), random.Next(2) == 0 ? Yaml : Json),
            5 => (InvalidUtf8(random), Yaml),
            6 => (Mutate(random, Utf8(ValidYaml[random.Next(ValidYaml.Length)])), Yaml),
            7 => (Utf8("id: expr\nsteps:\n  s: { activity: SetVariable, inputs: { name: x, value: \"=" + new string('(', random.Next(100, 5_000)) + "1\" } }\nvariables:\n  x: int\n"), Yaml),
            8 => (Utf8("{\"id\":\"j\",\"steps\":" + new string('[', random.Next(65, 10_000)) + "}"), Json),
            9 => (Utf8("id: tags\nsteps: !!binary AAAA\nother: !custom { a: *undefined }\n"), Yaml),
            _ => (Utf8(Truncate(random, ValidYaml[random.Next(ValidYaml.Length)])), Yaml),
        };
    }

    private const string Syntax = "{}[]\",:\\'\n\t-&*!|>%@`";

    private const string Json = "application/json";
    private const string Yaml = "application/yaml";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string WrongType(Random random) => random.Next(6) switch
    {
        0 => """{"a":"twenty-one"}""",
        1 => """{"a":[1,2,3]}""",
        2 => """{"a":null}""",
        3 => """{"a":{"b":1}}""",
        4 => "[1,2,3]",
        _ => "\"just a string\"",
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 4_096)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] InvalidUtf8(Random random)
    {
        byte[][] bad = [[0xff, 0xfe], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xc3]];
        var prefix = Utf8("{\"a\":\"");
        var suffix = Utf8("\"}");
        return [.. prefix, .. bad[random.Next(bad.Length)], .. suffix];
    }

    private static byte[] Mutate(Random random, byte[] valid)
    {
        var bytes = valid.ToList();
        for (var i = random.Next(1, 8); i > 0 && bytes.Count > 0; i--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, (byte)Syntax[random.Next(Syntax.Length)]);
                    break;
            }
        }
        return [.. bytes];
    }

    private static string Truncate(Random random, string text) => text[..random.Next(text.Length)];

    /// <summary>Exponential YAML alias expansion: a parser that expands aliases naively would run out of memory.</summary>
    private static string BillionLaughs()
    {
        var yaml = new StringBuilder("id: lol\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1},*a{i - 1}]\n");
        }
        yaml.Append("steps: *a9\n");
        return yaml.ToString();
    }
}
