using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OmsFlow.Templates.Rendering;

namespace OmsFlow.Templates.Validation;

/// <summary>
/// Checks a template before it is published: syntax with exact line:column, block nesting, helper and partial
/// names, and (strict mode) every variable against the sample data of its document kind, so a typo such as
/// <c>{{custmer.name}}</c> is reported with a did-you-mean hint instead of rendering as an empty string.
/// </summary>
public sealed partial class TemplateValidator
{
    private const int MaxPartialDepth = 8;
    private readonly TemplateEngine engine;
    private readonly HashSet<string> helpers;

    public TemplateValidator(TemplateEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        this.engine = engine;
        helpers = new HashSet<string>(TemplateEngine.HelperNames.Concat(TemplateEngine.BuiltInHelperNames), StringComparer.Ordinal);
    }

    /// <summary>Validates <paramref name="source"/>; with <paramref name="sampleData"/> every variable must exist in it.</summary>
    /// <returns>The problems found, in template order; empty when the template can be published.</returns>
    public IReadOnlyList<TemplateProblem> Validate(TemplateSource source, JsonElement? sampleData = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var problems = new List<TemplateProblem>();
        var walk = new Walk(this, source.Mode, problems);
        walk.Template(source.Id, source.Content, sampleData is { } sample ? new Frame([sample], Transparent: false, InEach: false) : null, depth: 0);
        if (problems.Count == 0)
        {
            try
            {
                engine.Compile(source);
            }
            catch (TemplateRenderException exception)
            {
                problems.Add(new TemplateProblem(TemplateProblemCodes.Syntax, exception.Message, 1, 1, source.Id));
            }
        }

        return problems;
    }

    /// <summary>The scope a path resolves against: sample values (several for <c>#each</c>, one per item).</summary>
    /// <remarks>Empty <see cref="Values"/> means "not knowable from the sample" (e.g. each over a helper result): nothing is reported.</remarks>
    private sealed record Frame(IReadOnlyList<JsonElement> Values, bool Transparent, bool InEach)
    {
        /// <summary>Block parameters (<c>{{#each lines as |line i|}}</c>) and the sample values they stand for.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> Parameters { get; init; } = new Dictionary<string, IReadOnlyList<JsonElement>>();
    }

    /// <summary>One validation pass over a template and the partials it pulls in.</summary>
    private sealed partial class Walk(TemplateValidator validator, OutputMode mode, List<TemplateProblem> problems)
    {
        private readonly List<Frame> root = [];

        public void Template(string name, string content, Frame? scope, int depth)
        {
            var scanner = new TemplateScanner(content, name);
            var tags = scanner.Scan(problems);
            var frames = new List<Frame>();
            if (scope is not null)
            {
                frames.Add(scope);
                if (root.Count == 0)
                {
                    root.Add(scope);
                }
            }

            foreach (var tag in tags)
            {
                var context = new TagContext(scanner, name, frames, depth, problems);
                switch (tag.Kind)
                {
                    case TagKind.Expression or TagKind.RawExpression:
                        CheckCall(TagExpression.Parse(tag.Body, tag.Offset), context);
                        break;
                    case TagKind.BlockOpen:
                        OpenBlock(tag, context);
                        break;
                    case TagKind.InverseOpen:
                        CheckCall(TagExpression.Parse(tag.Body, tag.Offset), context);
                        Push(frames, null, transparent: true, inEach: false);
                        break;
                    case TagKind.Else:
                        // The inverse branch of each/with runs in the scope outside the block: there is no current item.
                        if (frames.Count > 1)
                        {
                            frames[^1] = frames[^2] with { Transparent = true };
                        }

                        if (tag.Body.Length > 0)
                        {
                            CheckCall(TagExpression.Parse(tag.Body, tag.Offset), context);
                        }

                        break;
                    case TagKind.BlockClose when frames.Count > 1:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case TagKind.Partial or TagKind.PartialBlockOpen:
                        Partial(tag, context);
                        if (tag.Kind == TagKind.PartialBlockOpen)
                        {
                            Push(frames, null, transparent: true, inEach: false);
                        }

                        break;
                }
            }
        }

        private void OpenBlock(Tag tag, TagContext context)
        {
            if (tag.Body.StartsWith('*'))
            {
                Push(context.Frames, null, transparent: true, inEach: false);
                return;
            }

            var call = TagExpression.Parse(tag.Body, tag.Offset);
            CheckCall(call, context);
            var head = (call.Head as PathPart)?.Path;
            var target = call.Arguments.Count > 0 ? Resolve(call.Arguments[0], context) : null;
            var names = BlockParameters().Match(tag.Body) is { Success: true } match
                ? match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : [];
            switch (head)
            {
                case "each":
                    var items = target?.SelectMany(Items).ToList();
                    if (names.Length > 0)
                    {
                        // With block parameters the context does not change; the item is reached through its name.
                        Push(context.Frames, null, transparent: true, inEach: true);
                        AddParameters(context.Frames, names, items);
                    }
                    else
                    {
                        Push(context.Frames, items, transparent: false, inEach: true);
                    }

                    break;
                case "with":
                    Push(context.Frames, names.Length > 0 ? null : target, transparent: names.Length > 0, inEach: false);
                    AddParameters(context.Frames, names, target);
                    break;
                default:
                    Push(context.Frames, null, transparent: true, inEach: false);
                    break;
            }
        }

        private static void AddParameters(List<Frame> frames, string[] names, IReadOnlyList<JsonElement>? first)
        {
            if (frames.Count == 0 || names.Length == 0)
            {
                return;
            }

            var parameters = new Dictionary<string, IReadOnlyList<JsonElement>>(frames[^1].Parameters, StringComparer.Ordinal)
            {
                [names[0]] = first ?? [],
            };
            foreach (var name in names.Skip(1))
            {
                parameters[name] = [];
            }

            frames[^1] = frames[^1] with { Parameters = parameters };
        }

        [GeneratedRegex(@"\bas\s*\|([^|]*)\|")]
        private static partial Regex BlockParameters();

        private static IEnumerable<JsonElement> Items(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray().Take(100),
            JsonValueKind.Object => value.EnumerateObject().Select(property => property.Value).Take(100),
            _ => [],
        };

        private static void Push(List<Frame> frames, IReadOnlyList<JsonElement>? values, bool transparent, bool inEach)
        {
            if (frames.Count == 0)
            {
                return;
            }

            var current = frames[^1];
            frames.Add(transparent
                ? current with { Transparent = true, InEach = current.InEach || inEach }
                : new Frame(values ?? [], Transparent: false, InEach: inEach || current.InEach) { Parameters = current.Parameters });
        }

        private void Partial(Tag tag, TagContext context)
        {
            var call = TagExpression.Parse(tag.Body, tag.Offset);
            if (call.Head is not PathPart { Path: var name } || name.StartsWith('@'))
            {
                return;
            }

            var partial = validator.engine.FindPartial(name, mode);
            if (partial is null)
            {
                context.Report(TemplateProblemCodes.UnknownPartial, $"Unknown partial '{name}' for {mode} output; register it under definitions/templates/_partials or fix the name.", call.Head.Offset);
                return;
            }

            foreach (var (_, value) in call.Hash)
            {
                CheckValue(value, context);
            }

            if (context.Depth >= MaxPartialDepth)
            {
                return;
            }

            var scope = call.Arguments.Count > 0 ? Resolve(call.Arguments[0], context) : context.Frames.Count > 0 ? context.Frames[^1].Values : null;
            if (scope is not null && call.Hash.Count > 0)
            {
                scope = [WithHashParameters(scope, call.Hash, context)];
            }

            Template(name, partial, scope is null ? null : new Frame(scope, Transparent: false, InEach: false), context.Depth + 1);
        }

        /// <summary>Hash parameters of a partial (<c>{{> block label="x" address=shipTo}}</c>) join its context.</summary>
        private JsonElement WithHashParameters(IReadOnlyList<JsonElement> scope, IReadOnlyList<(string Key, ExpressionPart Value)> hash, TagContext context)
        {
            var merged = new JsonObject();
            if (scope.Count > 0 && scope[0].ValueKind == JsonValueKind.Object)
            {
                foreach (var property in scope[0].EnumerateObject())
                {
                    merged[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }

            foreach (var (key, value) in hash)
            {
                var resolved = value is PathPart ? Resolve(value, context with { Problems = [] }) : null;
                merged[key] = resolved is { Count: > 0 } ? JsonNode.Parse(resolved[0].GetRawText()) : JsonValue.Create(string.Empty);
            }

            return JsonSerializer.SerializeToElement(merged, TemplateJson.NodeTypeInfo);
        }

        private void CheckCall(CallPart call, TagContext context)
        {
            if (call.Head is PathPart { Path: var name } head)
            {
                var isCall = call.Arguments.Count > 0 || call.Hash.Count > 0;
                if (isCall && !validator.helpers.Contains(name))
                {
                    var hint = Suggest(name, validator.helpers);
                    context.Report(TemplateProblemCodes.UnknownHelper, $"Unknown helper '{name}'.{(hint is null ? " See the helper list in the template docs." : $" Did you mean '{hint}'?")}", head.Offset);
                }
                else if (!isCall && !validator.helpers.Contains(name))
                {
                    CheckValue(head, context);
                }
                else if (!isCall && TemplateEngine.HelperNames.Contains(name))
                {
                    // {{number}} calls the helper without arguments instead of printing a field called "number".
                    context.Report(TemplateProblemCodes.HelperWithoutArguments, $"'{name}' is a helper and needs arguments; to print the field '{name}' write {{{{this.{name}}}}}.", head.Offset);
                }
            }
            else if (call.Head is CallPart nested)
            {
                CheckCall(nested, context);
            }

            foreach (var argument in call.Arguments)
            {
                CheckValue(argument, context);
            }

            foreach (var (_, value) in call.Hash)
            {
                CheckValue(value, context);
            }
        }

        private void CheckValue(ExpressionPart part, TagContext context)
        {
            switch (part)
            {
                case CallPart call:
                    CheckCall(call, context);
                    break;
                case PathPart:
                    Resolve(part, context);
                    break;
            }
        }
    }
}
