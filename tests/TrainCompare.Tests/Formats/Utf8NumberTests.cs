using System.Globalization;
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
    // Python's repr prints up to 17 significant digits: 16 and more fraction digits once crashed the fast path
    [InlineData("0.14285714285714285,", 0.14285714285714285, 19)]
    [InlineData("0.012345678901234567 ", 0.012345678901234567, 20)]
    [InlineData("2.0000000000000004", 2.0000000000000004, 18)]
    [InlineData("12345678901234567890.5", 12345678901234567890.5, 22)]
    [InlineData("0.000000000000000000000001", 1e-24, 26)]
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
    [InlineData("12345678901234567, Loss", 12345678901234567L)]
    [InlineData("123456789012345678", 123456789012345678L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("00000000000000000000042", 42L)]
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

    [Fact]
    public void A_step_too_large_for_a_long_is_told_from_no_step()
    {
        var tooLarge = "9223372036854775808, Loss: 1"u8;
        Assert.False(Utf8Number.TryParseInt64(tooLarge, out _, out int used));
        Assert.Equal(19, used);
        Assert.True(Utf8Number.IsTooLargeInteger(tooLarge));
        Assert.False(Utf8Number.IsTooLargeInteger("x"u8));
        Assert.False(Utf8Number.IsTooLargeInteger("9223372036854775807"u8));
    }

    private static string Digits(Random rng, int count)
    {
        var digits = new char[count];
        for (int i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + rng.Next(10));
        }
        return new string(digits);
    }

    [Fact]
    public void Short_decimals_read_without_a_loop_agree_with_the_framework()
    {
        // digits[.digits] at every offset of texts from 1 byte to ~35, so the loads near the end of the
        // text (shifted words) and texts under eight bytes (no fast path) are all exercised; fixed seed
        var rng = new Random(20261124);
        string[] ends = ["", " ms", ",", "%", "\r", "x", " ", ", Loss: 1"];
        string[] continuations = ["e5", "E+2", "e-3"];
        int fast = 0;
        for (int n = 0; n < 200_000; n++)
        {
            int intDigits = rng.Next(1, 10);
            int fractionDigits = rng.Next(-1, 10); // -1: no '.', 0: "5."
            string number = Digits(rng, intDigits) + (fractionDigits < 0 ? "" : "." + Digits(rng, fractionDigits));
            string prefix = new('x', rng.Next(0, 12));
            bool continues = rng.Next(8) == 0;
            string tail = continues ? continuations[rng.Next(continuations.Length)] : ends[rng.Next(ends.Length)];
            byte[] text = Encoding.ASCII.GetBytes(prefix + number + tail);
            string token = continues ? number + tail : number;
            double expected = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);

            bool isShort = Utf8Number.TryParseShortDecimal(text, prefix.Length, out double value, out int end);
            bool shouldBeShort = !continues && text.Length >= 8 && intDigits <= 7 && fractionDigits is -1 or (>= 1 and <= 7);
            Assert.True(isShort == shouldBeShort, $"'{Encoding.ASCII.GetString(text)}' at {prefix.Length}: short path {isShort}");
            if (isShort)
            {
                fast++;
                Assert.Equal(prefix.Length + number.Length, end);
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
            }

            Assert.True(Utf8Number.TryParseDouble(text.AsSpan(prefix.Length), out double general, out int used));
            Assert.Equal(token.Length, used);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(general));
        }
        Assert.True(fast > 50_000, $"only {fast} numbers took the short path");
    }

    [Fact]
    public void Short_integers_read_without_a_loop_agree_with_the_framework()
    {
        var rng = new Random(7);
        for (int n = 0; n < 50_000; n++)
        {
            int count = rng.Next(1, 12);
            string digits = Digits(rng, count);
            string prefix = new('x', rng.Next(0, 10));
            string tail = rng.Next(3) switch { 0 => "", 1 => ", Loss: 2.5", _ => "x" };
            byte[] text = Encoding.ASCII.GetBytes(prefix + digits + tail);
            bool isShort = Utf8Number.TryParseShortInt64(text, prefix.Length, out long value, out int end);
            Assert.Equal(text.Length >= 8 && count <= 7, isShort);
            if (isShort)
            {
                Assert.Equal(long.Parse(digits, CultureInfo.InvariantCulture), value);
                Assert.Equal(prefix.Length + count, end);
            }
        }
    }

    [Theory]
    [InlineData("12345678", 0)] // eight digits: the general path
    [InlineData("1.23456789", 0)]
    [InlineData("-1.5    ", 0)] // a sign: the general path
    [InlineData(" 1.5    ", 0)]
    [InlineData("abc1.5", 6)] // at the end of the text
    [InlineData("1.5nano ", 0)]
    public void The_short_path_leaves_other_shapes_to_the_general_one(string text, int start)
        => Assert.False(Utf8Number.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), start, out _, out _));

    [Fact]
    public void Number_bytes_are_digits_signs_the_point_and_the_letters_of_exponents_nan_and_inf()
    {
        for (int b = 0; b < 256; b++)
        {
            bool expected = b is >= '0' and <= '9' or '.' or '-' or '+'
                            || "eEnNaAiIfFtTyY".Contains((char)b, StringComparison.Ordinal);
            Assert.True(expected == Utf8Number.IsNumberByte((byte)b), $"byte {b}");
        }
    }
}
