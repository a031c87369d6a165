namespace Sluice.Jsonata;

/// <summary>
/// A node of the syntax tree. Like the reference implementation's AST, one shape serves every node type
/// (path, binary, unary, function, lambda, ...); the post-parse pass fills in the path-specific fields.
/// </summary>
internal sealed class Node
{
    public required string Type { get; set; }

    /// <summary>The parser's symbol id (operator text, "(name)", "(literal)", "(regex)", "(end)").</summary>
    public string? Id { get; set; }

    /// <summary>The operator, name, literal value or symbol id.</summary>
    public object? Value { get; set; }

    public int Position { get; set; }

    public Node? Lhs { get; set; }

    public Node? Rhs { get; set; }

    public Node? Expression { get; set; }

    public List<Node>? Expressions { get; set; }

    /// <summary>Name/value pairs of an object constructor or group-by.</summary>
    public List<(Node Key, Node Value)>? Pairs { get; set; }

    public List<Node>? Arguments { get; set; }

    public Node? Procedure { get; set; }

    public Node? Body { get; set; }

    public Signature? Signature { get; set; }

    public Node? Condition { get; set; }

    public Node? Then { get; set; }

    public Node? Else { get; set; }

    public Node? Pattern { get; set; }

    public Node? Update { get; set; }

    public Node? Delete { get; set; }

    public List<Node>? Steps { get; set; }

    /// <summary>Filters applied to a non-path expression.</summary>
    public List<Node>? Predicate { get; set; }

    /// <summary>Filters and index bindings applied to a path step.</summary>
    public List<Node>? Stages { get; set; }

    public Node? Group { get; set; }

    public List<(bool Descending, Node Expression)>? Terms { get; set; }

    public bool KeepArray { get; set; }

    public bool KeepSingletonArray { get; set; }

    public bool ConsArray { get; set; }

    public string? Focus { get; set; }

    public string? Index { get; set; }

    public bool Tuple { get; set; }

    public Slot? Ancestor { get; set; }

    public List<Slot>? SeekingParent { get; set; }

    public Slot? Slot { get; set; }

    public bool Thunk { get; set; }

    public string? StringValue => Value as string;

    public Node ShallowCopy() => (Node)MemberwiseClone();

    /// <summary>A deep copy, as the reference parser takes with JSON.parse(JSON.stringify(node)).</summary>
    public Node DeepCopy()
    {
        var copy = (Node)MemberwiseClone();
        copy.Lhs = Lhs?.DeepCopy();
        copy.Rhs = Rhs?.DeepCopy();
        copy.Expression = Expression?.DeepCopy();
        copy.Expressions = Expressions?.Select(e => e.DeepCopy()).ToList();
        copy.Pairs = Pairs?.Select(p => (p.Key.DeepCopy(), p.Value.DeepCopy())).ToList();
        copy.Arguments = Arguments?.Select(e => e.DeepCopy()).ToList();
        copy.Procedure = Procedure?.DeepCopy();
        copy.Body = Body?.DeepCopy();
        copy.Condition = Condition?.DeepCopy();
        copy.Then = Then?.DeepCopy();
        copy.Else = Else?.DeepCopy();
        copy.Pattern = Pattern?.DeepCopy();
        copy.Update = Update?.DeepCopy();
        copy.Delete = Delete?.DeepCopy();
        copy.Steps = Steps?.Select(e => e.DeepCopy()).ToList();
        copy.Predicate = Predicate?.Select(e => e.DeepCopy()).ToList();
        copy.Stages = Stages?.Select(e => e.DeepCopy()).ToList();
        copy.Group = Group?.DeepCopy();
        copy.Terms = Terms?.Select(t => (t.Descending, t.Expression.DeepCopy())).ToList();
        return copy;
    }
}
