using System.Globalization;

namespace Sluice.Shared.Aws;

/// <summary>
/// The parameters of one query-protocol request in the order they are sent: <c>Action</c> and
/// <c>Version</c> first, then members; lists are flattened as <c>Name.member.N</c> from 1, as the
/// SDKs do.
/// </summary>
internal sealed class QueryForm : List<KeyValuePair<string, string>>
{
    public QueryForm(string action, string version)
    {
        Add("Action", action);
        Add("Version", version);
    }

    public void Add(string name, string value) => Add(new KeyValuePair<string, string>(name, value));

    public void AddIfSet(string name, string? value)
    {
        if (value is not null)
        {
            Add(name, value);
        }
    }

    public void AddIfSet(string name, bool? value)
    {
        if (value is { } flag)
        {
            Add(name, flag ? "true" : "false");
        }
    }

    public void AddIfSet(string name, int? value)
    {
        if (value is { } number)
        {
            Add(name, number.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary><c>Name.member.1=a&amp;Name.member.2=b</c>; nothing for null or empty.</summary>
    public void AddList(string name, IEnumerable<string>? values)
    {
        var n = 0;
        foreach (var value in values ?? [])
        {
            ArgumentNullException.ThrowIfNull(value, name);
            Add(Member(name, ++n), value);
        }
    }

    /// <summary>A list of structures: <paramref name="write"/> gets each item and its <c>Name.member.N.</c> prefix.</summary>
    public void AddMembers<T>(string name, IEnumerable<T>? items, Action<QueryForm, string, T> write)
    {
        var n = 0;
        foreach (var item in items ?? [])
        {
            ArgumentNullException.ThrowIfNull(item, name);
            write(this, Member(name, ++n) + ".", item);
        }
    }

    private static string Member(string name, int n) => string.Create(CultureInfo.InvariantCulture, $"{name}.member.{n}");
}
