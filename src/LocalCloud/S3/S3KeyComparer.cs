namespace Sluice.LocalCloud.S3;

/// <summary>
/// Orders keys as S3 lists them: by their UTF-8 bytes. UTF-16 ordinal order differs only where a
/// surrogate pair (U+10000 and above) meets a character from U+E000 to U+FFFF.
/// </summary>
internal sealed class S3KeyComparer : IComparer<string>
{
    public static readonly S3KeyComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }
            var surrogateA = char.IsSurrogate(a);
            var surrogateB = char.IsSurrogate(b);
            if (surrogateA != surrogateB && (a >= '\uE000' || b >= '\uE000'))
            {
                // In UTF-8 a supplementary character (4 bytes, F0..) sorts after every BMP character.
                return surrogateA ? 1 : -1;
            }
            return a < b ? -1 : 1;
        }
        return x.Length.CompareTo(y.Length);
    }
}
