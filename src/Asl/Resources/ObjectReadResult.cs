namespace Sluice.Asl.Resources;

/// <summary>An object's bytes, or why they could not be read.</summary>
public sealed record ObjectReadResult(ReadOnlyMemory<byte> Content, ServiceError? Error = null)
{
    public static ObjectReadResult Failure(ServiceError error) => new(ReadOnlyMemory<byte>.Empty, error);
}
