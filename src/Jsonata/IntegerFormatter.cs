namespace Sluice.Jsonata;

internal static class IntegerFormatter
{
    public static object? Format(double value, string picture) => throw new NotSupportedException(value + picture);

    public static object? Parse(string value, string picture) => throw new NotSupportedException(value + picture);
}
