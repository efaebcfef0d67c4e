using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Expressions.Binding;
using OmsFlow.Expressions.Parsing;
using OmsFlow.Expressions.Runtime;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions;

/// <summary>
/// Parses, binds and compiles expressions, caching compiled delegates by text + input names and types.
/// </summary>
/// <remarks>One engine per set of options; share it, it is thread-safe.</remarks>
public sealed class ExpressionEngine
{
    private readonly ConcurrentDictionary<string, object> _cache = new(StringComparer.Ordinal);

    public ExpressionEngine(ExpressionOptions? options = null)
    {
        Options = options ?? ExpressionOptions.Default;
        foreach (var type in Options.CustomTypes)
        {
            TypeCatalog.Allow(type);
        }
    }

    public ExpressionOptions Options { get; }

    /// <summary>Parses <paramref name="text"/> into a syntax tree.</summary>
    /// <exception cref="ExpressionException">Syntax error, with line:column.</exception>
    public static SyntaxNode Parse(string text) => Parser.Parse(text);

    /// <summary>Compiles an expression returning any value.</summary>
    /// <exception cref="ExpressionException">Syntax or binding error, with line:column and a hint.</exception>
    public CompiledExpression Compile(string text, IReadOnlyList<ExpressionParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parameters);
        return Cached("v|" + Signature(parameters) + "|" + text, () =>
        {
            var (syntax, binder, arguments) = Prepare(text, parameters);
            var body = Binder.Normalize(binder.Bind(syntax));
            return new CompiledExpression(text, syntax, [.. parameters], body.Type, Tier<object?>(Binder.Box(body), arguments));
        });
    }

    /// <summary>Compiles a condition; non-boolean values are tested at run time (null is false).</summary>
    /// <exception cref="ExpressionException">Syntax or binding error, with line:column and a hint.</exception>
    public CompiledCondition CompileCondition(string text, IReadOnlyList<ExpressionParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(parameters);
        return Cached("c|" + Signature(parameters) + "|" + text, () =>
        {
            var (syntax, binder, arguments) = Prepare(text, parameters);
            return new CompiledCondition(text, syntax, [.. parameters], Tier<bool>(binder.BindCondition(syntax), arguments));
        });
    }

    private TResult Cached<TResult>(string key, Func<TResult> build)
        where TResult : class =>
        _cache.TryGetValue(key, out var cached) ? (TResult)cached : (TResult)_cache.GetOrAdd(key, build());

    private (SyntaxNode Syntax, Binder Binder, ParameterExpression Arguments) Prepare(string text, IReadOnlyList<ExpressionParameter> parameters)
    {
        var syntax = Parser.Parse(text);
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        return (syntax, new Binder(Options, new BindScope(Inputs(parameters, arguments), null)), arguments);
    }

    private TieredDelegate<TResult> Tier<TResult>(Expression body, ParameterExpression arguments) =>
        new(Expression.Lambda<Func<object?[], TResult>>(body, arguments), Options.CompileImmediately);

    /// <summary>
    /// Compiles an expression whose names are looked up at run time in a scope of JSON values
    /// (the single argument is an <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string to <see cref="JsonNode"/>).
    /// </summary>
    public CompiledExpression CompileScoped(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cached("s|" + text, () => CompileScopedUncached(text));
    }

    private CompiledExpression CompileScopedUncached(string text)
    {
        var syntax = Parser.Parse(text);
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var scope = Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(0)), typeof(IReadOnlyDictionary<string, JsonNode?>));
        var binder = new Binder(Options, new BindScope(new Dictionary<string, Expression>(), (name, position) =>
            Expression.Call(
                Binder.Method(nameof(DynamicOps.ScopeValue)),
                scope,
                Expression.Constant(name),
                Expression.Constant(new SiteInfo(position.Line, position.Column, Options.IgnoreCase)))));
        var body = Binder.Normalize(binder.Bind(syntax));
        var parameters = new[] { new ExpressionParameter("scope", typeof(IReadOnlyDictionary<string, JsonNode?>)) };
        return new CompiledExpression(text, syntax, parameters, body.Type, Tier<object?>(Binder.Box(body), arguments));
    }

    private Dictionary<string, Expression> Inputs(IReadOnlyList<ExpressionParameter> parameters, ParameterExpression arguments)
    {
        var inputs = new Dictionary<string, Expression>(Options.IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var argument = Expression.ArrayIndex(arguments, Expression.Constant(i));
            if (Binder.IsDynamic(parameter.Type))
            {
                inputs[parameter.Name] = Expression.Call(typeof(ExpressionEngine).GetMethod(nameof(FromInput))!, argument);
            }
            else
            {
                TypeCatalog.Allow(parameter.Type);
                inputs[parameter.Name] = Expression.Convert(argument, parameter.Type);
            }
        }

        return inputs;
    }

    /// <summary>The run-time value of a JSON-typed input (JsonNode, JsonElement or a plain CLR value).</summary>
    public static object? FromInput(object? argument) => argument switch
    {
        JsonNode node => DynamicOps.FromJson(node),
        JsonElement element => DynamicOps.FromJson(JsonSerializer.SerializeToNode(element)),
        _ => argument,
    };

    private static string Signature(IReadOnlyList<ExpressionParameter> parameters) =>
        string.Join(",", parameters.Select(p => p.Name + ":" + p.Type.AssemblyQualifiedName));

    internal static ExpressionException WrapRuntime(Exception exception) => exception switch
    {
        NullReferenceException => new ExpressionException(
            ExpressionErrorKind.Runtime,
            "a value read by the expression is null; use np(...) or ?? where values may be missing",
            1,
            1,
            exception),
        DivideByZeroException => new ExpressionException(ExpressionErrorKind.Runtime, "division by zero", 1, 1, exception),
        _ => new ExpressionException(ExpressionErrorKind.Runtime, exception.Message, 1, 1, exception),
    };
}
