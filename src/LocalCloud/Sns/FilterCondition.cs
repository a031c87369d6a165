using System.Net;

namespace Sluice.LocalCloud.Sns;

/// <summary>One entry of a filter policy's value list: an exact value or one operator.</summary>
internal abstract record FilterCondition
{
    /// <summary>Matches one leaf value of the message (a string, number, boolean or null).</summary>
    public abstract bool Matches(FilterValue value);

    /// <summary>Whether the condition is satisfied by the key being absent (only <c>exists: false</c>).</summary>
    public virtual bool MatchesAbsent => false;

    /// <summary><c>anything-but</c> and <c>exists</c> judge the set of values, not one at a time.</summary>
    public virtual bool? MatchesAll(IReadOnlyList<FilterValue> values) => null;

    public sealed record Exact(FilterValue Expected) : FilterCondition
    {
        public override bool Matches(FilterValue value) => Expected.SameAs(value);
    }

    public sealed record Prefix(string Text) : FilterCondition
    {
        public override bool Matches(FilterValue value) => value.Text is { } s && value.IsString && s.StartsWith(Text, StringComparison.Ordinal);
    }

    public sealed record Suffix(string Text) : FilterCondition
    {
        public override bool Matches(FilterValue value) => value.Text is { } s && value.IsString && s.EndsWith(Text, StringComparison.Ordinal);
    }

    public sealed record EqualsIgnoreCase(string Text) : FilterCondition
    {
        public override bool Matches(FilterValue value) => value.Text is { } s && value.IsString && string.Equals(s, Text, StringComparison.OrdinalIgnoreCase);
    }

    public sealed record Exists(bool ShouldExist) : FilterCondition
    {
        public override bool Matches(FilterValue value) => ShouldExist;

        public override bool MatchesAbsent => !ShouldExist;

        public override bool? MatchesAll(IReadOnlyList<FilterValue> values) => ShouldExist ? values.Count > 0 : values.Count == 0;
    }

    /// <summary><c>anything-but</c>: the key is present and none of its values is excluded.</summary>
    public sealed record AnythingBut(IReadOnlyList<FilterValue> Values, string? PrefixText, string? IgnoreCaseText) : FilterCondition
    {
        public override bool Matches(FilterValue value)
        {
            if (PrefixText is not null)
            {
                return !(value.IsString && value.Text!.StartsWith(PrefixText, StringComparison.Ordinal));
            }
            if (IgnoreCaseText is not null)
            {
                return !(value.IsString && string.Equals(value.Text, IgnoreCaseText, StringComparison.OrdinalIgnoreCase));
            }
            return !Values.Any(v => v.SameAs(value));
        }

        public override bool? MatchesAll(IReadOnlyList<FilterValue> values) => values.Count > 0 && values.All(Matches);
    }

    public sealed record Numeric(double? Lower, bool LowerInclusive, double? Upper, bool UpperInclusive, double? EqualTo) : FilterCondition
    {
        public override bool Matches(FilterValue value)
        {
            if (value.Number is not { } n)
            {
                return false;
            }
            if (EqualTo is { } eq)
            {
                return n == eq;
            }
            if (Lower is { } lo && (LowerInclusive ? n < lo : n <= lo))
            {
                return false;
            }
            return Upper is not { } hi || (UpperInclusive ? n <= hi : n < hi);
        }
    }

    public sealed record Cidr(IPAddress Network, int PrefixLength) : FilterCondition
    {
        public override bool Matches(FilterValue value)
        {
            if (!value.IsString || !IPAddress.TryParse(value.Text, out var address) || address.AddressFamily != Network.AddressFamily)
            {
                return false;
            }
            var a = address.GetAddressBytes();
            var n = Network.GetAddressBytes();
            var bits = PrefixLength;
            for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
            {
                var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
                if ((a[i] & mask) != (n[i] & mask))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
