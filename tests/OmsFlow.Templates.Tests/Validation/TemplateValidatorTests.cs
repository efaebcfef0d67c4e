using System.Text.Json;
using OmsFlow.Templates.Rendering;
using OmsFlow.Templates.Validation;

namespace OmsFlow.Templates.Tests.Validation;

public class TemplateValidatorTests
{
    private static readonly JsonElement Sample = JsonDocument.Parse("""
        {
          "customer": { "name": "Ann", "email": "ann@example.com" },
          "order": { "number": "SO-1", "total": 10.5, "currency": "EUR" },
          "lines": [ { "sku": "A", "qty": 1 }, { "sku": "B", "qty": 2, "gift": true } ],
          "shipTo": { "city": "Utrecht", "country": "NL" }
        }
        """).RootElement;

    private readonly TemplateEngine engine = new();

    private IReadOnlyList<TemplateProblem> Validate(string content, OutputMode mode = OutputMode.Html) =>
        new TemplateValidator(engine).Validate(new TemplateSource("order-confirmation/body.html", 0, mode, content), Sample);

    [Fact]
    public void Validate_ValidTemplate_HasNoProblems()
    {
        var problems = Validate("""
            Hi {{customer.name}},
            {{#each lines}}{{sku}} x{{qty}}{{#if gift}} (gift){{/if}} of {{../order.number}} #{{@index}}{{/each}}
            {{#with shipTo}}{{city}} {{@root.order.number}}{{/with}}
            {{money order.total order.currency culture="nl-NL"}} {{#if (gt order.total 5)}}big{{/if}}
            {{! comments are ignored: {{nothing}} }}
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_TypoInVariable_ReportsLineColumnAndDidYouMean()
    {
        var problem = Assert.Single(Validate("Hello\n  {{custmer.name}}!"));

        Assert.Equal(TemplateProblemCodes.UnknownVariable, problem.Code);
        Assert.Equal((2, 5), (problem.Line, problem.Column));
        Assert.Contains("Did you mean 'customer.name'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TypoInsideEach_ChecksAgainstArrayItems()
    {
        var problem = Assert.Single(Validate("{{#each lines}}\n{{skuu}}{{/each}}"));

        Assert.Equal((2, 3), (problem.Line, problem.Column));
        Assert.Contains("Did you mean 'sku'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NestedMemberTypo_NamesTheParent()
    {
        var problem = Assert.Single(Validate("{{order.totl}}"));

        Assert.Contains("under 'order'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'order.total'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HelperArgumentsAndSubexpressions_AreChecked()
    {
        var problems = Validate("{{money order.totall order.currency}} {{#if (eq custmer.name \"x\")}}{{/if}}");

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(TemplateProblemCodes.UnknownVariable, p.Code));
        Assert.Equal(1, problems[1].Line);
        Assert.Equal(49, problems[1].Column);
    }

    [Fact]
    public void Validate_UnknownHelper_SuggestsClosestHelper()
    {
        var problem = Assert.Single(Validate("{{mony order.total \"EUR\"}}"));

        Assert.Equal(TemplateProblemCodes.UnknownHelper, problem.Code);
        Assert.Contains("Did you mean 'money'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MismatchedAndUnclosedBlocks_PointAtTheTags()
    {
        var mismatched = Assert.Single(Validate("{{#if order}}\n  x{{/each}}"));
        var unclosed = Assert.Single(Validate("a\n{{#each lines}}{{sku}}"));

        Assert.Equal(TemplateProblemCodes.MismatchedBlock, mismatched.Code);
        Assert.Equal((2, 7), (mismatched.Line, mismatched.Column));
        Assert.Contains("opened at 1:4", mismatched.Message, StringComparison.Ordinal);
        Assert.Equal(TemplateProblemCodes.UnclosedBlock, unclosed.Code);
        Assert.Equal((2, 4), (unclosed.Line, unclosed.Column));
    }

    [Fact]
    public void Validate_UnclosedMustache_IsASyntaxProblem()
    {
        var problem = Assert.Single(Validate("line one\nline {{customer.name"));

        Assert.Equal(TemplateProblemCodes.Syntax, problem.Code);
        Assert.Equal((2, 6), (problem.Line, problem.Column));
    }

    [Fact]
    public void Validate_PartialsAreResolvedAndCheckedInTheirScope()
    {
        engine.RegisterPartial("address-block", "{{city}} {{countyr}}", OutputMode.Html);

        var problems = Validate("{{> address-block shipTo}} {{> missing-partial}}");

        Assert.Equal(2, problems.Count);
        Assert.Equal("address-block", problems[0].Template);
        Assert.Contains("Did you mean 'country'?", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(TemplateProblemCodes.UnknownPartial, problems[1].Code);
    }

    [Fact]
    public void Validate_LoopVariableOutsideEach_IsReported()
    {
        var problem = Assert.Single(Validate("{{@index}}"));

        Assert.Contains("only exists inside", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FieldNamedLikeAHelper_AsksForThisPrefix()
    {
        var problem = Assert.Single(Validate("Invoice {{number}}"));

        Assert.Equal(TemplateProblemCodes.HelperWithoutArguments, problem.Code);
        Assert.Contains("{{this.number}}", problem.Message, StringComparison.Ordinal);
        Assert.Empty(Validate("{{this.order.number}}"));
    }

    [Fact]
    public void Validate_BlockParameters_ResolveAgainstTheItems()
    {
        var problem = Assert.Single(Validate("{{#each lines as |line i|}}{{line.sku}} {{i}} {{line.gift}} {{../order.number}} {{line.qtty}}{{/each}}"));

        Assert.Contains("Did you mean 'line.qty'?", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EachOverUnknownValue_DoesNotCheckItsBodyAgainstTheOuterScope()
    {
        Assert.Empty(Validate("{{#each (lookup order \"lines\")}}{{anything}}{{/each}}"));
    }

    [Fact]
    public void Validate_ElseOfEach_UsesTheOuterScope()
    {
        Assert.Empty(Validate("{{#each lines}}{{sku}}{{else}}No lines in {{order.number}}{{/each}}"));
        Assert.Single(Validate("{{#each lines}}{{sku}}{{else}}{{sku}}{{/each}}"));
    }
}
