using System.Linq.Expressions;
using OmsFlow.Expressions.Syntax;

namespace OmsFlow.Expressions.Binding;

/// <summary>The names visible while binding: inputs, enclosing lambda parameters and the implicit <c>it</c>.</summary>
internal sealed class BindScope(
    IReadOnlyDictionary<string, Expression> inputs,
    Func<string, TextPosition, Expression?>? fallback)
{
    private readonly List<(string Name, Expression Value)> _lambdaParameters = [];
    private readonly List<Expression> _implicitItems = [];

    public IReadOnlyDictionary<string, Expression> Inputs { get; } = inputs;

    public Func<string, TextPosition, Expression?>? Fallback { get; } = fallback;

    public Expression? ImplicitItem => _implicitItems.Count == 0 ? null : _implicitItems[^1];

    public IEnumerable<string> VisibleNames => Inputs.Keys.Concat(_lambdaParameters.Select(p => p.Name));

    public Expression? FindLambdaParameter(string name, StringComparison comparison)
    {
        for (var i = _lambdaParameters.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_lambdaParameters[i].Name, name, comparison))
            {
                return _lambdaParameters[i].Value;
            }
        }

        return null;
    }

    public void PushLambdaParameter(string name, Expression value) => _lambdaParameters.Add((name, value));

    public void PopLambdaParameter() => _lambdaParameters.RemoveAt(_lambdaParameters.Count - 1);

    public void PushImplicitItem(Expression value) => _implicitItems.Add(value);

    public void PopImplicitItem() => _implicitItems.RemoveAt(_implicitItems.Count - 1);
}
