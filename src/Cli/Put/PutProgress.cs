namespace Sluice.Cli.Put;

/// <summary>Where a put stands, after each batch.</summary>
internal readonly record struct PutProgress(int Put, int Failed, int Total, TimeSpan Elapsed)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Put / Elapsed.TotalSeconds : 0;
}
