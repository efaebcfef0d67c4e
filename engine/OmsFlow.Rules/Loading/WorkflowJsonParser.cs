using System.Text;
using System.Text.Json;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Loading;

/// <summary>
/// Reads RulesEngine workflow JSON with <see cref="Utf8JsonReader"/> straight into the model, remembering where every
/// workflow, rule, parameter and expression string sits in the file so later problems can name line:column.
/// </summary>
/// <remarks>
/// Hand-written rather than source-generated: the serializer's metadata for a dozen generic value-type properties is
/// JIT-compiled on first use and was half the cost of loading the first rule file in a process.
/// </remarks>
internal sealed partial class WorkflowJsonParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly byte[] _utf8;
    private readonly string _fileName;
    private readonly List<int> _lineStarts = [0];

    private WorkflowJsonParser(byte[] utf8, string fileName)
    {
        _utf8 = utf8;
        _fileName = fileName;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>Parses one workflow object or an array of workflows (nulls in the array are skipped).</summary>
    /// <exception cref="JsonException">Invalid JSON; carries the line and byte position.</exception>
    /// <exception cref="RuleSetLoadException">A value has the wrong type or shape; the problem carries line:column.</exception>
    public static List<Workflow> Parse(string json, string fileName)
    {
        var parser = new WorkflowJsonParser(Encoding.UTF8.GetBytes(json), fileName);
        var reader = new Utf8JsonReader(parser._utf8, ReaderOptions);
        var workflows = new List<Workflow>();
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        workflows.Add(parser.ReadWorkflow(ref reader));
                    }
                }

                break;
            case JsonTokenType.StartObject:
                workflows.Add(parser.ReadWorkflow(ref reader));
                break;
            default:
                throw parser.Fail(ref reader, "expected a workflow object or an array of workflows");
        }

        // Anything after the root value (a second object, stray text) is a syntax error the reader reports here.
        while (reader.Read())
        {
        }

        return workflows;
    }

    private Workflow ReadWorkflow(ref Utf8JsonReader reader)
    {
        var workflow = new Workflow { Location = Here(ref reader) };
        Expect(ref reader, JsonTokenType.StartObject, "a workflow object");
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "workflowname": workflow.WorkflowName = ReadString(ref reader) ?? string.Empty; break;
                case "workflowstoinject": workflow.WorkflowsToInject = ReadStrings(ref reader); break;
                case "ruleexpressiontype": workflow.RuleExpressionType = ReadExpressionType(ref reader); break;
                case "globalparams": workflow.GlobalParams = ReadParams(ref reader); break;
                case "rules": workflow.Rules = ReadRules(ref reader) ?? []; break;
                default: reader.Skip(); break;
            }
        }

        return workflow;
    }

    private Rule ReadRule(ref Utf8JsonReader reader)
    {
        var rule = new Rule { Location = Here(ref reader) };
        Expect(ref reader, JsonTokenType.StartObject, "a rule object");
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "rulename": rule.RuleName = ReadString(ref reader) ?? string.Empty; break;
                case "properties": rule.Properties = ReadValues(ref reader); break;
                case "operator": rule.Operator = ReadString(ref reader); break;
                case "errormessage": rule.ErrorMessage = ReadString(ref reader); break;
                case "enabled": rule.Enabled = ReadBool(ref reader); break;
                case "ruleexpressiontype": rule.RuleExpressionType = ReadExpressionType(ref reader); break;
                case "workflowstoinject": rule.WorkflowsToInject = ReadStrings(ref reader); break;
                case "rules": rule.Rules = ReadRules(ref reader); break;
                case "localparams": rule.LocalParams = ReadParams(ref reader); break;
                case "expression":
                    rule.ExpressionLocation = StringHere(ref reader);
                    rule.Expression = ReadString(ref reader);
                    break;
                case "actions": rule.Actions = ReadActions(ref reader); break;
                case "successevent": rule.SuccessEvent = ReadString(ref reader); break;
                case "priority": rule.Priority = ReadInt(ref reader); break;
                case "errortype": rule.ErrorType = ReadEnumText(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return rule;
    }

    private List<Rule>? ReadRules(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "an array of rules");
        var rules = new List<Rule>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Null)
            {
                rules.Add(ReadRule(ref reader));
            }
        }

        return rules;
    }

    private List<ScopedParam>? ReadParams(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray, "an array of parameters");
        var parameters = new List<ScopedParam>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var parameter = new ScopedParam { Location = Here(ref reader) };
            Expect(ref reader, JsonTokenType.StartObject, "a parameter object with Name and Expression");
            while (NextProperty(ref reader, out var name))
            {
                switch (name)
                {
                    case "name": parameter.Name = ReadString(ref reader) ?? string.Empty; break;
                    case "expression":
                        parameter.ExpressionLocation = StringHere(ref reader);
                        parameter.Expression = ReadString(ref reader) ?? string.Empty;
                        break;
                    default: reader.Skip(); break;
                }
            }

            parameters.Add(parameter);
        }

        return parameters;
    }

    private RuleActions? ReadActions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "an Actions object with OnSuccess and/or OnFailure");
        var actions = new RuleActions();
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "onsuccess": actions.OnSuccess = ReadAction(ref reader); break;
                case "onfailure": actions.OnFailure = ReadAction(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return actions;
    }

    private ActionInfo? ReadAction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartObject, "an action object with Name and Context");
        var action = new ActionInfo();
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "name": action.Name = ReadString(ref reader) ?? string.Empty; break;
                case "context": action.Context = ReadValues(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        return action;
    }
}
