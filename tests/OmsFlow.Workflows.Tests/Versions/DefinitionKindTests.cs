using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Tests.Versions;

public sealed class DefinitionKindTests
{
    [Fact]
    public void DecisionTable_BadEntry_ReportsFileLineAndColumn()
    {
        const string Yaml = """
            name: carriers
            hitPolicy: FIRST
            inputs:
              - name: weight
                expression: shipment.weightKg
            outputs:
              - name: carrier
            rules:
              - ['< 20', 'PostNL']
              - ['[10..', 'DHL']
            """;

        var check = new DecisionTableKind().Check("carriers", Yaml, "tables/carriers.yaml");

        Assert.True(check.HasErrors);
        var problem = Assert.Single(check.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal("tables/carriers.yaml", problem.File);
        Assert.Equal(10, problem.Position!.Value.Line);
        Assert.StartsWith("tables/carriers.yaml:10:", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DecisionTable_CanonicalFormNormalizesLineEndings_SoTheSameTableHashesTheSame()
    {
        const string Yaml = "name: t\nhitPolicy: FIRST\ninputs:\n  - name: x\n    expression: x\noutputs:\n  - name: y\nrules:\n  - ['-', 1]\n";

        var unix = new DecisionTableKind().Check("t", Yaml);
        var windows = new DecisionTableKind().Check("t", Yaml.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n");

        Assert.False(unix.HasErrors);
        Assert.Equal(unix.Canonical, windows.Canonical);
    }

    [Fact]
    public void RuleSet_InvalidJson_IsUnreadableWithPosition()
    {
        var check = new RuleSetKind().Check("discounts", "[{\"WorkflowName\": \"D\", \"Rules\": [}]", "rules/discounts.json");

        Assert.Null(check.Canonical);
        var problem = Assert.Single(check.Problems);
        Assert.Equal("rules/discounts.json", problem.File);
        Assert.Equal(1, problem.Position!.Value.Line);
    }

    [Fact]
    public void RuleSet_BadExpression_NamesWorkflowAndRule_ButKeepsADraftableCanonicalForm()
    {
        var check = new RuleSetKind().Check("discounts", """[{"WorkflowName":"D","Rules":[{"RuleName":"R1","Expression":"total >"}]}]""");

        Assert.True(check.HasErrors);
        Assert.NotNull(check.Canonical);
        Assert.Contains("workflow 'D', rule 'R1'", Assert.Single(check.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplateSet_MissingSubjectAndSample_ErrorAndWarning()
    {
        var check = new TemplateSetKind().Check("welcome", """{"kind":"email","parts":{"body.html":"<p>{{name}}</p>"}}""");

        Assert.Contains(check.Problems, p => p is { Code: "missing-part", Severity: ProblemSeverity.Error, Field: "parts.subject" });
        Assert.Contains(check.Problems, p => p is { Code: "no-sample", Severity: ProblemSeverity.Warning });
    }

    [Fact]
    public void TemplateSet_OtherIdInDocument_IsAnIdMismatch()
    {
        var check = new TemplateSetKind().Check("welcome", """{"id":"goodbye","kind":"email","parts":{"subject":"Hi","body.html":"<p>Hi</p>"}}""");

        Assert.Equal(DefinitionProblemCodes.IdMismatch, check.Problems[0].Code);
    }

    [Fact]
    public void TemplateSet_UnknownKind_SaysWhichKindsExist()
    {
        var check = new TemplateSetKind().Check("x", """{"kind":"postcard","parts":{}}""");

        Assert.Contains("use one of email, label, invoice, credit-note, packing-slip", Assert.Single(check.Problems).Message, StringComparison.Ordinal);
    }
}
