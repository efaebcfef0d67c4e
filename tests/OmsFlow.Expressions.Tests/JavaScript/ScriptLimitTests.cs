using OmsFlow.Expressions.JavaScript;
using OmsFlow.Expressions.JavaScript.Constraints;

namespace OmsFlow.Expressions.Tests.JavaScript;

public class ScriptLimitTests
{
    private readonly ScriptHost host = new();

    /// <summary>A clock that moves one millisecond every time it is read, so a time limit trips after a known number of checks.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => Interlocked.Increment(ref now);
    }

    [Theory]
    [InlineData("while (true) {}")]
    [InlineData("for (;;);")]
    [InlineData("do ; while (true)")]
    [InlineData("var o = { a: 1 }; while (true) for (var k in o) {}")]
    public void Run_InfiniteLoop_StopsAtTheTimeLimit(string script)
    {
        var limits = new ScriptLimits { Timeout = TimeSpan.FromMilliseconds(50), TimeProvider = new SteppingClock() };

        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run(script, limits: limits));

        Assert.Equal((ScriptLimit.Time, 1), (ex.Limit, ex.Line));
        Assert.Contains("time limit of 50 ms", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InfiniteLoopOnTheRealClock_StopsAtTheTimeLimit()
    {
        var limits = new ScriptLimits { Timeout = TimeSpan.FromMilliseconds(100), MaxSteps = long.MaxValue, MaxAllocatedBytes = long.MaxValue };

        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run("var i = 0;\nwhile (true) { i++; }", limits: limits));

        Assert.Equal((ScriptLimit.Time, 2), (ex.Limit, ex.Line));
    }

    [Fact]
    public void Run_TooManySteps_NamesTheLimitAndLine()
    {
        var limits = new ScriptLimits { MaxSteps = 1000 };

        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run("var n = 0;\nfor (;;)\n  n++;", limits: limits));

        Assert.Equal((ScriptLimit.Steps, 3), (ex.Limit, ex.Line));
        Assert.Contains("budget of 1000 steps", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_StepBudgetIsExact()
    {
        var limits = new ScriptLimits { MaxSteps = 10 };

        ScriptResult result = host.Run("for (var i = 0; i < 10; i++) {}", limits: limits);

        Assert.Equal(10, result.Steps);
        Assert.Throws<ScriptLimitExceededException>(() => host.Run("for (var i = 0; i < 11; i++) {}", limits: limits));
    }

    [Theory]
    [InlineData("function f() { return f(); }\nf();", 1)]
    [InlineData("var o = { m: function () { return this.m() + 1; } };\no.m();", 1)]
    [InlineData("function a() { b(); }\nfunction b() { a(); }\na();", 1)]
    public void Run_EndlessRecursion_StopsAtTheCallDepth(string script, int line)
    {
        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run(script));

        Assert.Equal((ScriptLimit.Recursion, line), (ex.Limit, ex.Line));
        Assert.Contains("maximum call depth of 128", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RecursionWithinTheLimit_Works()
    {
        ScriptResult result = host.Run("function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); } return fact(15);");

        Assert.Equal(1307674368000L, result.Value!.GetValue<long>());
    }

    [Theory]
    [InlineData("var s = 'x';\nwhile (true) s += s;", 2)]
    [InlineData("var s = 'xxxxxxxxxx';\nwhile (true) { s = s + s; s.charAt(0); }", 2)]
    [InlineData("var a = [];\nfor (;;) a.push('row ' + a.length);", 2)]
    [InlineData("var a = [];\nfor (;;) a.push({ id: a.length, tags: ['a', 'b'] });", 2)]
    public void Run_AllocationBomb_StopsAtTheMemoryLimit(string script, int line)
    {
        var limits = new ScriptLimits { MaxAllocatedBytes = 16L * 1024 * 1024, MaxSteps = long.MaxValue, Timeout = TimeSpan.FromMinutes(1) };

        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run(script, limits: limits));

        Assert.Equal((ScriptLimit.Memory, line), (ex.Limit, ex.Line));
        Assert.Contains("memory limit of 16 MB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SparseArrayBomb_StopsAtALimit()
    {
        var ex = Assert.Throws<ScriptLimitExceededException>(() => host.Run("var a = [];\nfor (;;) a.push(new Array(1e6));", limits: new ScriptLimits { MaxSteps = 100_000 }));

        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Run_ScriptCannotCatchALimit()
    {
        var limits = new ScriptLimits { MaxSteps = 500 };

        var ex = Assert.Throws<ScriptLimitExceededException>(() =>
            host.Run("var caught = 0;\nwhile (true) { try { while (true) {} } catch (e) { caught++; } finally { caught++; } }", limits: limits));

        Assert.Equal(ScriptLimit.Steps, ex.Limit);
    }

    [Fact]
    public void Run_Canceled_StopsWithScriptCanceledException()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(50));
        var limits = new ScriptLimits { Timeout = TimeSpan.FromMinutes(5), MaxSteps = long.MaxValue, MaxAllocatedBytes = long.MaxValue };

        var ex = Assert.Throws<ScriptCanceledException>(() => host.Run("\nwhile (true) {}", limits: limits, cancellationToken: cancellation.Token));

        Assert.Equal(2, ex.Line);
        Assert.Equal(cancellation.Token, ex.CancellationToken);
    }

    [Fact]
    public void Run_AlreadyCanceled_DoesNotStart()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => host.Run("return 1;", cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Run_AfterEveryLimit_TheHostStillWorks()
    {
        var limits = new ScriptLimits { MaxSteps = 100, MaxAllocatedBytes = 8L * 1024 * 1024 };
        Assert.Throws<ScriptLimitExceededException>(() => host.Run("while (true) {}", limits: limits));
        Assert.Throws<ScriptLimitExceededException>(() => host.Run("function f() { return f(); } f();", limits: limits));
        Assert.Throws<ScriptLimitExceededException>(() => host.Run("var s = 'x'; while (true) s += s;", limits: new ScriptLimits { MaxAllocatedBytes = 8L * 1024 * 1024 }));

        ScriptResult result = host.Run("return 'still running';");

        Assert.Equal("still running", result.Value!.GetValue<string>());
    }

    [Fact]
    public void Run_EveryRunGetsTheWholeMemoryBudget()
    {
        const string script = "var rows = [];\nfor (var i = 0; i < 5000; i++) rows.push({ id: i, name: 'row ' + i });\nreturn rows.length;";
        long oneRun = host.Run(script).AllocatedBytes;

        // Two runs together exceed this budget; sandbox threads are reused, so the count must restart with every run.
        var limits = new ScriptLimits { MaxAllocatedBytes = oneRun * 3 / 2 };
        for (int run = 0; run < 4; run++)
        {
            Assert.Equal(5000, host.Run(script, limits: limits).Value!.GetValue<long>());
        }
    }

    [Fact]
    public void Run_UnboundedTimeLimit_StillRunsUnderTheOtherLimits()
    {
        var limits = new ScriptLimits { Timeout = TimeSpan.MaxValue, MaxSteps = 100 };

        Assert.Equal(3, host.Run("return 1 + 2;", limits: limits).Value!.GetValue<long>());
        Assert.Equal(ScriptLimit.Steps, Assert.Throws<ScriptLimitExceededException>(() => host.Run("while (true) {}", limits: limits)).Limit);
    }

    [Fact]
    public void Limits_InvalidValues_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeConstraint(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepConstraint(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryConstraint(-1));
        Assert.Throws<InvalidOperationException>(() => new ScriptLimits { MaxRecursionDepth = 0 }.CreateConstraints(CancellationToken.None));
    }

    [Fact]
    public void TimeConstraint_ReadsTheClockEverySixteenthCheck()
    {
        var clock = new SteppingClock();
        var time = new TimeConstraint(TimeSpan.FromMilliseconds(2), clock);
        time.Reset();

        // Reset read the clock once (t=1 ms, deadline 3 ms); reads at the 16th, 32nd and 48th checks return 2, 3 and 4 ms.
        for (int i = 0; i < 47; i++)
        {
            time.Check(1);
        }

        Assert.Throws<ScriptLimitExceededException>(() => time.Check(1));
    }

    [Fact]
    public void Constraint_Reset_StartsTheBudgetAgain()
    {
        var steps = new StepConstraint(2);
        steps.Check(1);
        steps.Check(1);
        Assert.Throws<ScriptLimitExceededException>(() => steps.Check(1));

        steps.Reset();
        steps.Check(1);

        Assert.Equal(1, steps.Steps);
    }
}
