using System.Text.Json.Nodes;

namespace OmsFlow.Rules.Tables;

/// <summary>How a decision table turns matching rows into a result (DMN hit policies).</summary>
public enum HitPolicy
{
    /// <summary>The first matching row in table order.</summary>
    First,

    /// <summary>At most one row may match; more is an error.</summary>
    Unique,

    /// <summary>The matching row whose first output ranks highest in that output's <c>priorities</c> list.</summary>
    Priority,

    /// <summary>Several rows may match if they give the same outputs; differing outputs are an error.</summary>
    Any,

    /// <summary>The outputs of every matching row, in table order.</summary>
    RuleOrder,

    /// <summary>The outputs of every matching row, optionally aggregated (SUM, MIN, MAX, COUNT).</summary>
    Collect,
}

/// <summary>The aggregation of a COLLECT table over its single output column.</summary>
public enum CollectAggregation
{
    None,
    Sum,
    Min,
    Max,
    Count,
}

/// <summary>A position in a table file (1-based).</summary>
public readonly record struct TablePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A problem found while parsing, validating or evaluating a table; warnings (gaps) do not stop loading.</summary>
public sealed record TableProblem(TablePosition Position, string Message, bool IsWarning = false)
{
    public override string ToString() => $"{Position}: {(IsWarning ? "warning: " : string.Empty)}{Message}";
}

/// <summary>An input column: a name (usable in cells and output expressions) and the expression computing it.</summary>
public sealed record TableInput(string Name, string Expression, TablePosition Position);

/// <summary>An output column; <see cref="Priorities"/> ranks its values (highest first) for the PRIORITY hit policy.</summary>
public sealed record TableOutput(string Name, IReadOnlyList<JsonNode?> Priorities, TablePosition Position);

/// <summary>The outcome of evaluating a table: which rows matched (1-based, table order) and the output.</summary>
/// <remarks>
/// <see cref="Output"/> is an object of output values for FIRST, UNIQUE, PRIORITY and ANY (null when nothing matched),
/// an array of such objects for RULE ORDER and COLLECT, and a number for COLLECT with an aggregation.
/// </remarks>
public sealed record DecisionResult(IReadOnlyList<int> MatchedRows, JsonNode? Output)
{
    public bool Matched => MatchedRows.Count > 0;
}

/// <summary>A table could not be parsed or evaluated; <see cref="Problems"/> names file:line:column for each problem.</summary>
public sealed class DecisionTableException : Exception
{
    public DecisionTableException()
    {
    }

    public DecisionTableException(string message)
        : base(message)
    {
    }

    public DecisionTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DecisionTableException(IReadOnlyList<TableProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<TableProblem> Problems { get; } = [];
}
