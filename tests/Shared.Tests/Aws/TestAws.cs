using Microsoft.Extensions.Time.Testing;
using Sluice.Shared.Aws;

namespace Sluice.Shared.Tests.Aws;

/// <summary>Options and clients wired to a <see cref="RecordingHandler"/>, a fixed clock and recorded delays.</summary>
internal static class TestAws
{
    public static readonly DateTimeOffset Now = TestClock.Start;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static AwsClientOptions Options(RecordedDelays? delays = null, double random = 0.5, string? sessionToken = null, int quota = 500) => new()
    {
        Credentials = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken),
        Region = "eu-west-1",
        Clock = new FakeTimeProvider(Now),
        Retry = new AwsRetryPolicy
        {
            Random = () => random,
            Delay = (delays ?? new RecordedDelays()).Delay,
            QuotaCapacity = quota,
        },
    };

    public static HttpClient Http(RecordingHandler handler) => new(handler);

    /// <summary>Bounds every await in a test so a hang fails instead of stalling the run.</summary>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Timeout, TestContext.Current.CancellationToken);

    public static Task Bounded(this Task task) => task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
}
