using OmsFlow.Expressions.JavaScript.Instrumentation;

namespace OmsFlow.Expressions.Tests.JavaScript;

public class GuardInjectorTests
{
    private const string G = "__g";

    private static string Instrument(string source) => GuardInjector.Instrument(source, G).Text;

    [Theory]
    [InlineData("while(true){}", "while(true){__g(1);}")]
    [InlineData("while (x) { y(); }", "while (x) {__g(1); y(); }")]
    [InlineData("for (var i = 0; i < 3; i++) { s += i; }", "for (var i = 0; i < 3; i++) {__g(1); s += i; }")]
    [InlineData("for (var k in o) { n++; }", "for (var k in o) {__g(1); n++; }")]
    [InlineData("for (var v of a) { n++; }", "for (var v of a) {__g(1); n++; }")]
    [InlineData("do { x++; } while (x < 5);", "do {__g(1); x++; } while (x < 5);")]
    public void Instrument_LoopWithBlockBody_GuardsStartOfBody(string source, string expected) =>
        Assert.Equal(expected, Instrument(source));

    [Theory]
    [InlineData("for(;;);", "for(;;){__g(1);;}")]
    [InlineData("for(;;) x++;", "for(;;) {__g(1);x++;}")]
    [InlineData("while (x) x--", "while (x) {__g(1);x--}")]
    [InlineData("for (k in o) n++\ny()", "for (k in o) {__g(1);n++}\ny()")]
    [InlineData("do x++; while (x < 5)", "do {__g(1);x++;} while (x < 5)")]
    [InlineData("do x++\nwhile (x < 5)", "do {__g(1);x++}\nwhile (x < 5)")]
    [InlineData("while (a) if (b) c(); else d();", "while (a) {__g(1);if (b) c(); else d();}")]
    [InlineData("for (;;) for (;;) x();", "for (;;) {__g(1);for (;;) {__g(1);x();}}")]
    [InlineData("while (a) b = function () { return 1 };", "while (a) {__g(1);b = function () {__g(1); return 1 };}")]
    [InlineData("while (a) b = [1,\n2]\nc()", "while (a) {__g(1);b = [1,\n2]}\nc()")]
    [InlineData("while (a) x = y\n+ z\nw()", "while (a) {__g(1);x = y\n+ z}\nw()")]
    [InlineData("if (a) while (b) c(); else d();", "if (a) while (b) {__g(1);c();} else d();")]
    [InlineData("{ while (a) b() }", "{ while (a) {__g(1);b()} }")]
    [InlineData("while (a) try { b() } catch (e) { c() } finally { d() }", "while (a) {__g(1);try { b() } catch (e) { c() } finally { d() }}")]
    [InlineData("while (a) switch (b) { case 1: c(); }", "while (a) {__g(1);switch (b) { case 1: c(); }}")]
    [InlineData("outer: for (;;) break outer;", "outer: for (;;) {__g(1);break outer;}")]
    [InlineData("for (;;) return\nx()", "for (;;) {__g(1);return}\nx()")]
    public void Instrument_LoopWithoutBraces_WrapsTheWholeStatement(string source, string expected) =>
        Assert.Equal(expected, Instrument(source));

    [Theory]
    [InlineData("function f(a) { return a; }", "function f(a) {__g(1); return a; }")]
    [InlineData("var f = function (a) { return a; };", "var f = function (a) {__g(1); return a; };")]
    [InlineData("var f = function named() {};", "var f = function named() {__g(1);};")]
    [InlineData("var o = { m(a) { return a; } };", "var o = { m(a) {__g(1); return a; } };")]
    [InlineData("var o = { get x() { return 1; }, set x(v) {} };", "var o = { get x() {__g(1); return 1; }, set x(v) {__g(1);} };")]
    [InlineData("class A { constructor(x) { this.x = x; } m() {} }", "class A { constructor(x) {__g(1); this.x = x; } m() {__g(1);} }")]
    [InlineData("var o = { ['k' + 1]() {} };", "var o = { ['k' + 1]() {__g(1);} };")]
    [InlineData("var f = (a) => { return a; };", "var f = (a) => {__g(1); return a; };")]
    [InlineData("var f = function*() { yield 1; };", "var f = function*() {__g(1); yield 1; };")]
    public void Instrument_FunctionBodies_AreGuarded(string source, string expected) =>
        Assert.Equal(expected, Instrument(source));

    [Theory]
    [InlineData("if (a) { b(); }")]
    [InlineData("try { a(); } catch (e) { b(); }")]
    [InlineData("switch (a) { case 1: b(); }")]
    [InlineData("var o = { while: 1, do: 2, for: 3 };")]
    [InlineData("o.while(1); o.for(2); o.do(3);")]
    [InlineData("var s = \"while(true){}\" + 'for(;;){}';")]
    [InlineData("var s = `while(true){}`;")]
    [InlineData("var s = 'it\\'s while(true){}';")]
    [InlineData("var r = /while(true){}/g;")]
    [InlineData("var r = /[/]while(x){}/;")]
    [InlineData("// while(true){}\nx();")]
    [InlineData("/* for(;;){}\n function f(){} */ x();")]
    [InlineData("var q = a / b / c; var r = (x) / 2;")]
    public void Instrument_NoLoopOrFunction_LeavesScriptUnchanged(string source) =>
        Assert.Equal(source, Instrument(source));

    [Fact]
    public void Instrument_TemplateSubstitution_GuardsFunctionsInside()
    {
        string source = "var s = `a ${ (function () { while (x) {} })() } b`;";

        Assert.Equal("var s = `a ${ (function () {__g(1); while (x) {__g(1);} })() } b`;", Instrument(source));
    }

    [Fact]
    public void Instrument_RegexAfterKeyword_IsNotDivision()
    {
        string source = "function f(s) { return /}/.test(s); }";

        Assert.Equal("function f(s) {__g(1); return /}/.test(s); }", Instrument(source));
    }

    [Theory]
    [InlineData("if (ok) /[{(]while/.test(s);", "if (ok) /[{(]while/.test(s);")]
    [InlineData("while (x) /[{]/.test(s);", "while (x) {__g(1);/[{]/.test(s);}")]
    [InlineData("var r = f(a) / 2 / g(b);", "var r = f(a) / 2 / g(b);")]
    public void Instrument_SlashAfterParenthesis_DependsOnWhatItClosed(string source, string expected) =>
        Assert.Equal(expected, Instrument(source));

    [Fact]
    public void Instrument_GuardCallsCarryTheBodyLine()
    {
        string source = "var a = 1;\n\nfunction f() {\n  for (;;)\n    a++;\n}";

        Assert.Equal("var a = 1;\n\nfunction f() {__g(3);\n  for (;;)\n    {__g(5);a++;}\n}", Instrument(source));
    }

    [Fact]
    public void Instrument_CountsGuardSites()
    {
        InstrumentedScript result = GuardInjector.Instrument("function f() { for (;;) x(); while (a) {} }", G);

        Assert.Equal(3, result.GuardSites);
    }

    [Fact]
    public void Instrument_ReservedIdentifier_IsRejectedWithPosition()
    {
        var ex = Assert.Throws<JsSyntaxException>(() => GuardInjector.Instrument("var ok = 1;\n  __g = null;", G));

        Assert.Equal((2, 3), (ex.Line, ex.Column));
        Assert.Contains("reserved", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("var s = 'abc;\nx();", 1, 9, "unterminated string")]
    [InlineData("x();\n  /* never closed", 2, 3, "unterminated comment")]
    [InlineData("var s = `abc", 1, 9, "unterminated template")]
    [InlineData("var r = /abc\n/;", 1, 9, "unterminated regular expression")]
    [InlineData("function f() {\n  if (a) {\n}", 1, 14, "never closed")]
    [InlineData("f(a]);", 1, 4, "does not close")]
    [InlineData("x());", 1, 4, "no matching opening")]
    [InlineData("do x(); y();", 1, 9, "expected 'while'")]
    [InlineData("var a = 1 ¤ 2;", 1, 11, "unexpected character")]
    public void Instrument_MalformedScript_ReportsLineAndColumn(string source, int line, int column, string message)
    {
        var ex = Assert.Throws<JsSyntaxException>(() => GuardInjector.Instrument(source, G));

        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_TracksLinesAcrossMultilineTemplatesAndCrlf()
    {
        IReadOnlyList<JsToken> tokens = JsTokenizer.Tokenize("a\r\n`x\ny` b");

        Assert.Equal([(1, 1), (2, 1), (3, 4)], tokens.Select(token => (token.Line, token.Column)));
        Assert.Equal([false, true, false], tokens.Select(token => token.NewLineBefore));
    }
}
