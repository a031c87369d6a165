using Sluice.Cli.Replay;

namespace Sluice.Cli.Tests.Replay;

public sealed class ReplayTimeTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 17, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("-90s", 0, 0, 90)]
    [InlineData("-15m", 0, 15, 0)]
    [InlineData("-2h", 2, 0, 0)]
    [InlineData("-1d", 24, 0, 0)]
    public void TryParse_Relative_IsThatLongBeforeNow(string text, int hours, int minutes, int seconds)
    {
        Assert.True(ReplayTime.TryParse(text, s_now, out var time, out _));
        Assert.Equal(s_now - new TimeSpan(hours, minutes, seconds), time);
    }

    [Theory]
    [InlineData("2026-11-26T16:30:00Z", 16, 30)]
    [InlineData("2026-11-26T18:30:00+02:00", 16, 30)]
    [InlineData("2026-11-26T16:30:00", 16, 30)]
    [InlineData("2026-11-26 16:30", 16, 30)]
    public void TryParse_Iso8601_IsThatInstantInUtc(string text, int hour, int minute)
    {
        Assert.True(ReplayTime.TryParse(text, s_now, out var time, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, hour, minute, 0, TimeSpan.Zero), time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("-15")]
    [InlineData("-15x")]
    [InlineData("-m")]
    [InlineData("15m")]
    [InlineData("-400d")]
    [InlineData("2026-13-40T00:00:00Z")]
    public void TryParse_NotATime_FalseWithProblem(string text)
    {
        Assert.False(ReplayTime.TryParse(text, s_now, out _, out var problem));
        Assert.NotEmpty(problem);
    }
}
