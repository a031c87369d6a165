using System.Text.Json.Nodes;

namespace Sluice.Asl.Execution;

/// <summary>Workflow variables: a Map iteration or Parallel branch reads the outer scope and writes its own.</summary>
internal sealed class VariableScope(VariableScope? parent)
{
    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool TryGet(string name, out JsonNode? value)
    {
        lock (_lock)
        {
            if (_values.TryGetValue(name, out value))
            {
                return true;
            }
        }

        if (parent is not null)
        {
            return parent.TryGet(name, out value);
        }

        value = null;
        return false;
    }

    public void Set(string name, JsonNode? value)
    {
        lock (_lock)
        {
            _values[name] = value;
        }
    }

    /// <summary>The variables this scope holds itself (not its outer scopes'), as one JSON object.</summary>
    public string OwnJson()
    {
        var own = new JsonObject();
        lock (_lock)
        {
            foreach (var (name, value) in _values)
            {
                own[name] = value?.DeepClone();
            }
        }

        return JsonValues.ToJson(own);
    }

    /// <summary>Copies every visible variable into <paramref name="into"/>, inner scopes over outer ones.</summary>
    public void CopyTo(IDictionary<string, JsonNode?> into)
    {
        parent?.CopyTo(into);
        lock (_lock)
        {
            foreach (var (name, value) in _values)
            {
                into[name] = value;
            }
        }
    }
}
