using OmsFlow.Expressions.JavaScript;

namespace OmsFlow.Expressions.Tests.JavaScript;

/// <summary>Built-ins that recurse in .NET code on nested data: without the shield each of these scripts ends the test process.</summary>
public class NativeDepthTests
{
    private readonly ScriptHost host = new();

    [Theory]
    [InlineData("var a = [];\nfor (var i = 0; i < 5000; i++) a = [a];\nreturn String(a).length;", "array being converted to text", 2)]
    [InlineData("var a = [];\nfor (var i = 0; i < 5000; i++) a = [a];\nreturn a.join(',').length;", "array being converted to text", 2)]
    [InlineData("var o = {};\nfor (var i = 0; i < 5000; i++) o = { child: o };\nreturn JSON.stringify(o).length;", "JSON.stringify", 2)]
    [InlineData("var s = new Array(5000).join('[') + new Array(5000).join(']');\nreturn JSON.parse(s);", "JSON.parse", null)]
    [InlineData("var f = function () {};\nfor (var i = 0; i < 5000; i++) f = f.bind(null);\nf();", "bound functions", 2)]
    public void Run_DeeplyNestedData_StopsWithANestingError(string script, string what, int? line)
    {
        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run(script, limits: new ScriptLimits { Timeout = TimeSpan.FromMinutes(1) }));

        Assert.Equal((ScriptLimit.Recursion, line), (ex.Limit, ex.Line));
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
        Assert.Contains("1000 levels", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("var a = [1, [2, [3, [4]]]]; return String(a);", "\"1,2,3,4\"")]
    [InlineData("return JSON.stringify({ a: [1, { b: 2 }] }) === '{\"a\":[1,{\"b\":2}]}';", "true")]
    [InlineData("return JSON.parse('{\"a\":[1,{\"b\":\"]]]\"}]}').a[1].b;", "\"]]]\"")]
    [InlineData("function add(a, b) { return a + b; } return add.bind(null, 2)(3);", "5")]
    [InlineData("var o = {}; o.self = o; try { JSON.stringify(o); } catch (e) { return e.name; }", "\"TypeError\"")]
    public void Run_ShieldedBuiltIns_KeepTheirBehaviour(string script, string json) =>
        Assert.Equal(json, host.Run(script).Value!.ToJsonString());

    [Fact]
    public void Run_CallerWithASmallStack_StillGetsTheRecursionError()
    {
        Exception? caught = null;
        var thread = new Thread(() => caught = Record.Exception(() => host.Run("function f() { return f(); }\nf();")), 256 * 1024);
        thread.Start();
        thread.Join();

        var ex = Assert.IsType<ScriptLimitExceededException>(caught);
        Assert.Equal(ScriptLimit.Recursion, ex.Limit);
    }

    [Fact]
    public void Run_ScriptStuckInsideOneBuiltIn_IsReportedAtTheTimeLimit()
    {
        var limits = new ScriptLimits { Timeout = TimeSpan.FromMilliseconds(100) };

        // Catastrophic backtracking: one call, no guard inside it, a few seconds of work.
        var ex = Assert.Throws<ScriptLimitExceededException>(() =>
            host.Run("var text = new Array(26).join('a') + 'b';\nreturn /^(a+)+$/.test(text);", limits: limits));

        Assert.Equal((ScriptLimit.Time, 0), (ex.Limit, ex.Line ?? 0));
        Assert.Contains("inside a single built-in call", ex.Message, StringComparison.Ordinal);
    }
}
