namespace Sluice.Jsonata;

internal static class NumberFormatter
{
    public static object? Format(double value, string picture, JsonataObject? options) => throw new NotSupportedException(value + picture + options);
}
