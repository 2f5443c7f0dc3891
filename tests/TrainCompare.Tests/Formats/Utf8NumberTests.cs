using System.Text;
using TrainCompare.Formats;

namespace TrainCompare.Tests.Formats;

public class Utf8NumberTests
{
    [Theory]
    [InlineData("703.14 ms", 703.14, 6)]
    [InlineData("  12,", 12.0, 4)]
    [InlineData("31.5%", 31.5, 4)]
    [InlineData("-1.5e-3)", -0.0015, 7)]
    public void Parses_the_leading_number_and_says_how_far_it_read(string text, double value, int consumed)
    {
        Assert.True(Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(text), out double v, out int used));
        Assert.Equal(value, v);
        Assert.Equal(consumed, used);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("ms")]
    [InlineData("nano")]
    [InlineData("1.2.3")]
    public void Rejects_what_is_not_a_number(string text)
        => Assert.False(Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(text), out _, out _));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData(" 42,", 42L)]
    [InlineData("123456789012", 123456789012L)]
    public void Parses_steps(string text, long expected)
    {
        Assert.True(Utf8Number.TryParseInt64(Encoding.UTF8.GetBytes(text), out long v, out _));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("1234567890123456789012")]
    public void Rejects_what_is_not_a_step(string text)
        => Assert.False(Utf8Number.TryParseInt64(Encoding.UTF8.GetBytes(text), out _, out _));
}
