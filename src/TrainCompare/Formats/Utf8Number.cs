using System.Globalization;
using System.Text;

namespace TrainCompare.Formats;

/// <summary>Parses numbers straight from UTF-8 bytes, the way training logs print them.</summary>
public static class Utf8Number
{
    /// <summary>
    /// Parses the number at the start of <paramref name="text"/> (after spaces): integers, decimals,
    /// exponents (1e-05, 5.746782E+00), a sign, and nan/inf as C++ iostreams and Python print them
    /// (nan, -nan, inf, -inf, NaN, Infinity). The token ends at the first byte that cannot be part of it.
    /// </summary>
    /// <param name="consumed">Bytes consumed from <paramref name="text"/>, including leading spaces.</param>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value, out int consumed)
    {
        int i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
        int start = i;
        int end = i;
        while (end < text.Length && IsNumberByte(text[end]))
        {
            end++;
        }
        consumed = end;
        ReadOnlySpan<byte> token = text[start..end];
        if (token.IsEmpty)
        {
            value = 0;
            return false;
        }
        byte first = (byte)(token[0] | 0x20);
        if (first is (byte)'n' or (byte)'i' || (token.Length > 1 && (token[0] is (byte)'-' or (byte)'+') && (token[1] | 0x20) is 'n' or 'i'))
        {
            // "nan" must be a word of its own: "nano" is not a number
            bool wordEnds = end == text.Length || !char.IsAsciiLetter((char)text[end]);
            value = 0;
            return wordEnds && TryParseNonFinite(token, out value);
        }
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses the non-negative integer at the start of <paramref name="text"/> (after spaces).</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value, out int consumed)
    {
        int i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < text.Length && (uint)(text[i] - '0') <= 9)
        {
            if (digits == 18)
            {
                value = 0;
                consumed = i;
                return false; // would overflow; no trainer logs such steps
            }
            v = v * 10 + (text[i] - '0');
            digits++;
            i++;
        }
        value = v;
        consumed = i;
        return digits > 0;
    }

    private static bool IsNumberByte(byte b)
        => (uint)(b - '0') <= 9 || b is (byte)'.' or (byte)'-' or (byte)'+'
           || ((b | 0x20) is (byte)'e' or (byte)'n' or (byte)'a' or (byte)'i' or (byte)'f' or (byte)'t' or (byte)'y');

    private static bool TryParseNonFinite(ReadOnlySpan<byte> token, out double value)
    {
        bool negative = token[0] == (byte)'-';
        if (token[0] is (byte)'-' or (byte)'+')
        {
            token = token[1..];
        }
        if (token.Length == 3 && Ascii.EqualsIgnoreCase(token, "nan"u8))
        {
            value = double.NaN;
            return true;
        }
        if ((token.Length == 3 && Ascii.EqualsIgnoreCase(token, "inf"u8))
            || (token.Length == 8 && Ascii.EqualsIgnoreCase(token, "infinity"u8)))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        value = 0;
        return false;
    }
}
