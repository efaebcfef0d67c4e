using OmsFlow.Expressions.Runtime;

namespace OmsFlow.Expressions.Syntax;

/// <summary>Finds the input names an expression reads, without binding it.</summary>
public static class FreeNames
{
    private static readonly HashSet<string> ImplicitItemMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "Any", "All", "Where", "Count", "First", "FirstOrDefault", "Last", "LastOrDefault",
        "Select", "Sum", "Average", "Min", "Max", "OrderBy", "OrderByDescending",
    };

    /// <summary>
    /// Identifiers used as top-level names: not lambda parameters, not <c>it</c>, not type names such as <c>Math</c>
    /// (unless <paramref name="knownNames"/> has them), and not inside implicit-<c>it</c> arguments where a bare name
    /// may be a member of the item.
    /// </summary>
    public static IReadOnlyList<IdentifierNode> Of(SyntaxNode node, IReadOnlyCollection<string> knownNames)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(knownNames);
        var known = new HashSet<string>(knownNames, StringComparer.OrdinalIgnoreCase);
        var result = new List<IdentifierNode>();
        Visit(node, [], known, result);
        return result;
    }

    private static void Visit(SyntaxNode node, List<string> lambdaNames, HashSet<string> known, List<IdentifierNode> result)
    {
        switch (node)
        {
            case IdentifierNode identifier:
                if (!lambdaNames.Contains(identifier.Name, StringComparer.OrdinalIgnoreCase)
                    && !string.Equals(identifier.Name, "it", StringComparison.OrdinalIgnoreCase))
                {
                    result.Add(identifier);
                }

                break;
            case MemberNode member:
                VisitTarget(member.Target, lambdaNames, known, result);
                break;
            case IndexNode index:
                Visit(index.Target, lambdaNames, known, result);
                index.Arguments.ToList().ForEach(a => Visit(a, lambdaNames, known, result));
                break;
            case CallNode call:
                if (call.Target is not null)
                {
                    VisitTarget(call.Target, lambdaNames, known, result);
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument is LambdaNode || call.Target is null || !ImplicitItemMethods.Contains(call.Name))
                    {
                        Visit(argument, lambdaNames, known, result);
                    }
                }

                break;
            case LambdaNode lambda:
                var inner = new List<string>(lambdaNames);
                inner.AddRange(lambda.Parameters);
                Visit(lambda.Body, inner, known, result);
                break;
            case UnaryNode unary:
                Visit(unary.Operand, lambdaNames, known, result);
                break;
            case BinaryNode binary:
                Visit(binary.Left, lambdaNames, known, result);
                Visit(binary.Right, lambdaNames, known, result);
                break;
            case ConditionalNode conditional:
                Visit(conditional.Test, lambdaNames, known, result);
                Visit(conditional.WhenTrue, lambdaNames, known, result);
                Visit(conditional.WhenFalse, lambdaNames, known, result);
                break;
            case InNode inNode:
                Visit(inNode.Value, lambdaNames, known, result);
                inNode.Candidates.ToList().ForEach(c => Visit(c, lambdaNames, known, result));
                break;
            case NewNode newNode:
                newNode.Members.ToList().ForEach(m => Visit(m.Value, lambdaNames, known, result));
                break;
            case NullPropagationNode np:
                Visit(np.Path, lambdaNames, known, result);
                if (np.Fallback is not null)
                {
                    Visit(np.Fallback, lambdaNames, known, result);
                }

                break;
        }
    }

    private static void VisitTarget(SyntaxNode target, List<string> lambdaNames, HashSet<string> known, List<IdentifierNode> result)
    {
        if (target is IdentifierNode identifier && !known.Contains(identifier.Name) && TypeCatalog.Resolve(identifier.Name, []) is not null)
        {
            return;
        }

        Visit(target, lambdaNames, known, result);
    }
}
