namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// A function's invocation counts since it was created, across its updates and published versions
/// (as its records are): every invocation, the cold starts, the errors. The records keep only the
/// newest <see cref="LambdaFunction"/> invocations; these count them all.
/// </summary>
internal sealed class InvocationTotals
{
    private long _invocations;
    private long _coldStarts;
    private long _errors;

    public long Invocations => Interlocked.Read(ref _invocations);

    public long ColdStarts => Interlocked.Read(ref _coldStarts);

    public long Errors => Interlocked.Read(ref _errors);

    public void Count(bool coldStart, bool error)
    {
        Interlocked.Increment(ref _invocations);
        if (coldStart)
        {
            Interlocked.Increment(ref _coldStarts);
        }

        if (error)
        {
            Interlocked.Increment(ref _errors);
        }
    }
}
