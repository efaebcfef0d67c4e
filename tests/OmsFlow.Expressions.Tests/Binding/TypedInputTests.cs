namespace OmsFlow.Expressions.Tests.Binding;

public sealed class TypedInputTests
{
    public enum Segment
    {
        Standard,
        Vip,
    }

    public sealed record Line(string Sku, int Qty, decimal Price);

    public sealed record Customer(string Country, Segment Segment, DateTime Since);

    public sealed record Order(decimal Total, Customer Customer, IReadOnlyList<Line> Lines, int? Priority);

    private static readonly ExpressionEngine Engine = new();

    private static readonly Order Sample = new(
        250m,
        new Customer("DE", Segment.Vip, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
        [new Line("A", 2, 10m), new Line("B", 6, 40m)],
        null);

    private static object? Run(string text, Order order) =>
        Engine.Compile(text, [ExpressionParameter.Of<Order>("order")]).Evaluate(order);

    [Theory]
    [InlineData("order.Total > 100", true)]
    [InlineData("ORDER.total > 100 and order.customer.country == \"DE\"", true)]
    [InlineData("order.Customer.Segment == \"Vip\"", true)]
    [InlineData("order.Customer.Segment == Segment.Vip", true)]
    [InlineData("order.Lines.Any(l => l.Qty > 5)", true)]
    [InlineData("order.Lines.All(Qty > 5)", false)]
    [InlineData("order.Lines.Count(l => l.Price >= 10) == 2", true)]
    [InlineData("order.Customer.Since < DateTime.Parse(\"2021-01-01\")", true)]
    [InlineData("order.Priority == null", true)]
    [InlineData("order.Total * 2 == 500", true)]
    public void Condition_OverTypedOrder_MatchesCSharpSemantics(string text, bool expected)
    {
        var engine = new ExpressionEngine(new ExpressionOptions { CustomTypes = [typeof(Segment)] });
        var condition = engine.CompileCondition(text, [ExpressionParameter.Of<Order>("order")]);

        Assert.Equal(expected, condition.Evaluate(Sample));
    }

    [Fact]
    public void Sum_OverTypedDecimals_StaysDecimal()
    {
        var total = Run("order.Lines.Sum(l => l.Qty * l.Price)", Sample);

        Assert.Equal(260m, total);
    }

    [Fact]
    public void Compile_UnknownMember_NamesPositionAndSuggestsTheClosestMember()
    {
        var error = Assert.Throws<ExpressionException>(() => Run("order.Customer.Countyr == \"DE\"", Sample));

        Assert.Equal(ExpressionErrorKind.Bind, error.Kind);
        Assert.Equal("1:16: unknown member 'Countyr' on Customer; did you mean 'Country'?", error.Message);
    }

    [Fact]
    public void Compile_CaseSensitiveOptions_RejectWrongCase()
    {
        var engine = new ExpressionEngine(new ExpressionOptions { IgnoreCase = false });

        var error = Assert.Throws<ExpressionException>(() => engine.Compile("order.total", [ExpressionParameter.Of<Order>("order")]));

        Assert.Contains("did you mean 'Total'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_SameTextAndShape_ReturnsTheCachedDelegate()
    {
        var first = Engine.Compile("order.Total + 1", [ExpressionParameter.Of<Order>("order")]);
        var second = Engine.Compile("order.Total + 1", [ExpressionParameter.Of<Order>("order")]);
        var json = Engine.Compile("order.Total + 1", [ExpressionParameter.Json("order")]);

        Assert.Same(first, second);
        Assert.NotSame(first, json);
        Assert.Equal(typeof(decimal), first.ResultType);
    }

    [Fact]
    public void Evaluate_NullMemberInChain_FailsWithAHintAtRunTime()
    {
        var order = Sample with { Customer = null! };

        var error = Assert.Throws<ExpressionException>(() => Run("order.Customer.Country == \"DE\"", order));

        Assert.Equal(ExpressionErrorKind.Runtime, error.Kind);
        Assert.Contains("np(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullPropagation_OverTypedNullMember_GivesTheFallback()
    {
        var order = Sample with { Customer = null! };

        Assert.Equal("none", Run("np(order.Customer.Country, \"none\")", order));
    }

    [Theory]
    [InlineData("order.GetType()")]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\")")]
    [InlineData("order.Customer.Since.GetType().Assembly")]
    public void Compile_ReflectionOrIo_IsRejected(string text)
    {
        Assert.Throws<ExpressionException>(() => Run(text, Sample));
    }

    [Fact]
    public void Compile_CallerReusesItsParameterList_TheCompiledExpressionKeepsItsOwnCopy()
    {
        var parameters = new List<ExpressionParameter> { ExpressionParameter.Of<Order>("order") };
        var compiled = Engine.Compile("order.Total / 2", parameters);

        parameters.Add(ExpressionParameter.Json("later"));

        Assert.Single(compiled.Parameters);
        Assert.Equal(125m, compiled.Evaluate(Sample));
    }
}
