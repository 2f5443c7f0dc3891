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
        return TryParseFast(token, out value)
               || double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Exact powers of ten that a double holds.</summary>
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Clinger's fast path for the common case, plain decimals such as "703.14" or "-3.456789": when the
    /// digits form an integer below 2^53 and at most 22 of them follow the point, that integer and the power
    /// of ten are exact doubles and one IEEE division rounds correctly, giving the same double as a full
    /// parser. Anything else (exponents, long mantissas) returns false and goes to the full parser.
    /// </summary>
    private static bool TryParseFast(ReadOnlySpan<byte> token, out double value)
    {
        int i = 0;
        bool negative = false;
        if (token[0] is (byte)'-' or (byte)'+')
        {
            negative = token[0] == (byte)'-';
            i = 1;
        }
        ulong mantissa = 0;
        int digits = 0;
        int fraction = -1; // digits after the point; -1 while no point was seen
        for (; i < token.Length; i++)
        {
            uint d = (uint)(token[i] - '0');
            if (d <= 9)
            {
                if (++digits > 15)
                {
                    value = 0;
                    return false; // may exceed 2^53: leave it to the full parser
                }
                mantissa = mantissa * 10 + d;
                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (token[i] == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                value = 0;
                return false; // exponent or anything unusual
            }
        }
        if (digits == 0)
        {
            value = 0;
            return false;
        }
        double v = mantissa;
        if (fraction > 0)
        {
            v /= PowersOfTen[fraction];
        }
        value = negative ? -v : v;
        return true;
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
