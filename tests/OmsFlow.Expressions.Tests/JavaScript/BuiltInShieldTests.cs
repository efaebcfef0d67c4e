using OmsFlow.Expressions.JavaScript;

namespace OmsFlow.Expressions.Tests.JavaScript;

public class BuiltInShieldTests
{
    private readonly ScriptHost host = new();

    [Fact]
    public void Compile_DirectEval_IsRejectedWithPosition()
    {
        var ex = Assert.Throws<ScriptSyntaxException>(() => host.Compile("var code = 'while(true){}';\n  eval(code);"));

        Assert.Equal((2, 3), (ex.Line, ex.Column));
        Assert.Contains("eval is not available", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("return (0, this['ev' + 'al'])('while(true){}');")]
    [InlineData("return new Function('while(true){}')();")]
    [InlineData("return Function('while(true){}')();")]
    [InlineData("return (function () {}).constructor('while(true){}')();")]
    [InlineData("return [].map.constructor('while(true){}')();")]
    public void Run_DynamicCode_IsAnEvalError(string script)
    {
        var ex = Assert.Throws<ScriptRuntimeException>(() => host.Run(script));

        Assert.Equal("EvalError", ex.ErrorName);
        Assert.Contains("not available in scripts", ex.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DeeplyNestedFlat_StopsWithANestingError()
    {
        var ex = Assert.Throws<ScriptLimitExceededException>(() =>
            host.Run("var a = [1];\nfor (var i = 0; i < 5000; i++) a = [a];\nreturn a.flat(Infinity);", limits: new ScriptLimits { Timeout = TimeSpan.FromMinutes(1) }));

        Assert.Equal((ScriptLimit.Recursion, 2), (ex.Limit, ex.Line));
        Assert.Contains("the array passed to flat nests deeper than 1000 levels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FunctionChecksStillWork()
    {
        ScriptResult result = host.Run("var f = function () {}; return [f instanceof Function, typeof f, f.call === Function.prototype.call];");

        Assert.Equal("[true,\"function\",true]", result.Value!.ToJsonString());
    }

    [Theory]
    [InlineData("var s = 'x';\nreturn s.repeat(1e9).length;", "String.prototype.repeat")]
    [InlineData("return new Array(1e9).fill(0).length;", "Array.prototype.fill on an array of length 1000000000")]
    [InlineData("var a = [];\na.length = 4e9;\nreturn a.indexOf(1);", "Array.prototype.indexOf")]
    [InlineData("return new Array(1e7).join('abcdefghij').length;", "joining 10000000 elements")]
    [InlineData("function f() {}\nreturn f.apply(null, { length: 2e8 });", "Function.prototype.apply with 200000000 elements")]
    [InlineData("return Array.from({ length: 1e9 }).length;", "Array.from with 1000000000 elements")]
    [InlineData("return Reflect.apply(Math.max, null, { length: 2e8 });", "Reflect.apply with 200000000 elements")]
    public void Run_HugeBuiltInWork_StopsAtTheMemoryLimit(string script, string what)
    {
        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run(script));

        Assert.Equal(ScriptLimit.Memory, ex.Limit);
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("return 'ab'.repeat(3);", "\"ababab\"")]
    [InlineData("return [3, 1, 2].sort().concat([4]).slice(1).indexOf(3);", "1")]
    [InlineData("return new Array(3).fill('x').join('-');", "\"x-x-x\"")]
    [InlineData("return [1, 2, 3].map(function (x) { return x * 2; }).filter(function (x) { return x > 2; });", "[4,6]")]
    [InlineData("return Math.max.apply(null, [1, 5, 3]);", "5")]
    [InlineData("return Array.from({ length: 3 }, function (_, i) { return i * i; });", "[0,1,4]")]
    [InlineData("return Reflect.apply(Math.min, null, [4, 2]);", "2")]
    [InlineData("return [1, [2, [3, [4]]]].flat(Infinity);", "[1,2,3,4]")]
    [InlineData("return [typeof Uint8Array, typeof ArrayBuffer, typeof DataView, typeof Float64Array];", "[\"undefined\",\"undefined\",\"undefined\",\"undefined\"]")]
    public void Run_ShieldedBuiltIns_KeepTheirBehaviour(string script, string json) =>
        Assert.Equal(json, host.Run(script).Value!.ToJsonString());
}
