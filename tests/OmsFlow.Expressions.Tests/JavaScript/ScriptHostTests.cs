using System.Text.Json.Nodes;
using OmsFlow.Expressions.JavaScript;

namespace OmsFlow.Expressions.Tests.JavaScript;

public class ScriptHostTests
{
    private readonly ScriptHost host = new();

    [Fact]
    public void Run_ReturnStatement_GivesTheResult()
    {
        ScriptResult result = host.Run("var total = 0;\nfor (var i = 1; i <= 4; i++) total += i;\nreturn total * input.factor;", new JsonObject { ["factor"] = 10 });

        Assert.Equal(100, result.Value!.GetValue<long>());
    }

    [Fact]
    public void Run_NoReturn_GivesTheResultVariable()
    {
        ScriptResult result = host.Run("var result = { ok: true, items: [1, 'two', null] };");

        Assert.Equal("""{"ok":true,"items":[1,"two",null]}""", result.Value!.ToJsonString());
    }

    [Fact]
    public void Run_InputPropertiesAreVariables()
    {
        var input = new JsonObject
        {
            ["order"] = new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["qty"] = 2, ["price"] = 9.5 }, new JsonObject { ["qty"] = 1, ["price"] = 1 }) },
            ["customer"] = new JsonObject { ["segment"] = "VIP" },
        };

        ScriptResult result = host.Run(
            """
            var sum = 0;
            order.lines.forEach(function (line) { sum += line.qty * line.price; });
            return { total: sum, vip: customer.segment === 'VIP', same: input.order === order };
            """,
            input);

        Assert.Equal("""{"total":20,"vip":true,"same":true}""", result.Value!.ToJsonString());
    }

    [Fact]
    public void Run_InputNamedLikeABuiltIn_DoesNotReplaceTheBuiltIn()
    {
        ScriptResult result = host.Run("return [typeof Math.max, input.Math];", new JsonObject { ["Math"] = 1 });

        Assert.Equal("""["function",1]""", result.Value!.ToJsonString());
    }

    [Theory]
    [InlineData("return 1.5;", "1.5")]
    [InlineData("return 'a' + 'b' + 1;", "\"ab1\"")]
    [InlineData("return NaN;", "null")]
    [InlineData("return undefined;", "null")]
    [InlineData("return { f: function () {}, u: undefined, n: null };", """{"n":null}""")]
    [InlineData("return new Date(Date.UTC(2026, 0, 2, 3, 4, 5));", "\"2026-01-02T03:04:05.000Z\"")]
    [InlineData("var s = ''; for (var i = 0; i < 3; i++) s += i; return s;", "\"012\"")]
    [InlineData("return [1, [2, [3]]];", "[1,[2,[3]]]")]
    [InlineData("return [7, [1, 2, 3].length, 2.5 * 2];", "[7,3,5]")]
    public void Run_ConvertsTheResultToJson(string script, string json) =>
        Assert.Equal(json, host.Run(script).Value?.ToJsonString() ?? "null");

    [Theory]
    [InlineData("return 7;", 7)]
    [InlineData("return [1, 2, 3].length;", 3)]
    [InlineData("return 3.5 * 2;", 7)]
    public void Run_WholeNumbersReadAsLong(string script, long expected) =>
        Assert.Equal(expected, host.Run(script).Value!.GetValue<long>());

    [Fact]
    public void Run_CyclicResult_FailsWithAClearMessage()
    {
        var ex = Assert.Throws<ScriptRuntimeException>(() => host.Run("var o = {}; o.self = o; return o;"));

        Assert.Contains("cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_HugeSparseArrayResult_FailsInsteadOfExpanding()
    {
        var ex = Assert.Throws<ScriptRuntimeException>(() => host.Run("var a = [];\na.length = 4e9;\nreturn a;"));

        Assert.Contains("too long to return", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ConsoleCallsAreCaptured()
    {
        ScriptResult result = host.Run("console.log('total', 3, { a: 1 }); console.warn('low stock');");

        Assert.Equal([new ScriptLogEntry("log", """total 3 {"a":1}"""), new ScriptLogEntry("warn", "low stock")], result.Logs);
    }

    [Fact]
    public void Run_ConsoleEntriesAreCapped()
    {
        ScriptResult result = host.Run("for (var i = 0; i < 50; i++) console.log(i);", limits: new ScriptLimits { MaxLogEntries = 5 });

        Assert.Equal(["0", "1", "2", "3", "4"], result.Logs.Select(entry => entry.Message));
    }

    [Fact]
    public void Run_CountsSteps()
    {
        ScriptResult result = host.Run("function f() {} for (var i = 0; i < 10; i++) f();");

        Assert.Equal(20, result.Steps);
    }

    [Fact]
    public void Run_ThrownError_ReportsNameMessageAndLine()
    {
        var ex = Assert.Throws<ScriptRuntimeException>(() => host.Run("var a = 1;\n\nthrow new RangeError('quantity must be positive');"));

        Assert.Equal(("RangeError", "quantity must be positive", 3), (ex.ErrorName, ex.ErrorMessage, ex.Line));
        Assert.Equal("RangeError: quantity must be positive (line 3)", ex.Message);
    }

    [Fact]
    public void Run_TypeError_ReportsLine()
    {
        var ex = Assert.Throws<ScriptRuntimeException>(() => host.Run("var order = null;\nreturn order.total;"));

        Assert.Equal(("TypeError", 2), (ex.ErrorName, ex.Line));
    }

    [Fact]
    public void Run_ThrownPlainValue_IsDescribed()
    {
        var ex = Assert.Throws<ScriptRuntimeException>(() => host.Run("throw { code: 42 };"));

        Assert.Equal(("Uncaught", """{"code":42}"""), (ex.ErrorName, ex.ErrorMessage));
    }

    [Fact]
    public void Run_ScriptCatchesItsOwnErrors()
    {
        ScriptResult result = host.Run("try { null.x; } catch (e) { return e.name; }");

        Assert.Equal("TypeError", result.Value!.GetValue<string>());
    }

    [Fact]
    public void Compile_JurassicSyntaxError_ReportsLineAndColumnOfThatLine()
    {
        var ex = Assert.Throws<ScriptSyntaxException>(() => host.Compile("var a = 1;\n    var b = 1 +;\nreturn a;"));

        Assert.Equal((2, 5), (ex.Line, ex.Column));
        Assert.StartsWith("2:5: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_TokenizerSyntaxError_ReportsExactColumn()
    {
        var ex = Assert.Throws<ScriptSyntaxException>(() => host.Compile("var a = 1;\nvar s = 'open;"));

        Assert.Equal((2, 9), (ex.Line, ex.Column));
        Assert.Contains("unterminated string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SameText_IsCompiledOnce()
    {
        var cachingHost = new ScriptHost();

        CompiledJavaScript first = cachingHost.Compile("return 1;");
        CompiledJavaScript second = cachingHost.Compile("return 1;");

        Assert.Same(first, second);
        Assert.Equal(1, cachingHost.CachedScriptCount);
    }

    [Fact]
    public void Compile_CacheOverCapacity_StartsOver()
    {
        var smallHost = new ScriptHost(new ScriptHostOptions { CacheCapacity = 2 });

        smallHost.Compile("return 1;");
        smallHost.Compile("return 2;");
        smallHost.Compile("return 3;");

        Assert.Equal(1, smallHost.CachedScriptCount);
    }

    [Fact]
    public void Run_CompiledScript_RunsManyTimesWithFreshGlobals()
    {
        CompiledJavaScript script = host.Compile("counter = (typeof counter === 'undefined' ? 0 : counter) + input.n; return counter;");

        long first = host.Run(script, new JsonObject { ["n"] = 1 }).Value!.GetValue<long>();
        long second = host.Run(script, new JsonObject { ["n"] = 5 }).Value!.GetValue<long>();

        Assert.Equal((1, 5), (first, second));
    }

    [Fact]
    public void Run_ConcurrentRuns_AreIsolated()
    {
        long[] results = new long[16];

        Parallel.For(0, results.Length, i =>
            results[i] = host.Run("shared = input.n; var sum = 0; for (var k = 0; k <= shared; k++) sum += k; return sum;", new JsonObject { ["n"] = i }).Value!.GetValue<long>());

        Assert.Equal(Enumerable.Range(0, 16).Select(n => (long)n * (n + 1) / 2), results);
    }

    [Theory]
    [InlineData("return typeof System;")]
    [InlineData("return typeof importNamespace;")]
    [InlineData("return typeof require;")]
    public void Run_ClrAndHostAccess_IsUnavailable(string script) =>
        Assert.Equal("undefined", host.Run(script).Value!.GetValue<string>());

    [Fact]
    public void Run_GuardCannotBeReplacedThroughTheGlobalObject()
    {
        var limits = new ScriptLimits { MaxSteps = 1000 };

        var ex = Assert.Throws<ScriptLimitExceededException>(() =>
            host.Run("var g = this; var name = '__omsflow' + '_guard';\ng[name] = function () {};\nwhile (true) {}", limits: limits));

        Assert.Equal(ScriptLimit.Steps, ex.Limit);
    }
}
