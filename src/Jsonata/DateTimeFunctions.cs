namespace Sluice.Jsonata;

internal static partial class DateTimeFunctions
{
    public static object? ToMillis(string timestamp, string? picture) => throw new NotSupportedException(timestamp + picture);

    public static object? FromMillis(double millis, string? picture, string? timezone) => throw new NotSupportedException(millis + picture + timezone);
}
