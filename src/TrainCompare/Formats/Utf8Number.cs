using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        => TryParseShortDecimal(text, 0, out value, out consumed) || TryParseAny(text, out value, out consumed);

    /// <summary>
    /// The shape nearly every log prints, without a loop: 1 to 7 digits, then optionally a '.' and 1 to 7
    /// digits, starting right at <paramref name="start"/> (no space, no sign) and ended by a byte that cannot
    /// continue a number (or the end of the text). Two eight-byte loads read the integer and the fraction
    /// (SWAR); at most 14 digits, so Clinger's fast path rounds exactly. False for anything else (callers
    /// then take <see cref="TryParseDouble"/>'s general path, which gives the same answer for these shapes).
    /// </summary>
    /// <param name="end">Where the number ends in <paramref name="text"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParseShortDecimal(ReadOnlySpan<byte> text, int start, out double value, out int end)
    {
        value = 0;
        end = start;
        if (!ShortDigits(text, start, out ulong mantissa, out int run, out byte next))
        {
            return false; // no digit, or eight or more
        }
        int after = start + run;
        if (next != (byte)'.')
        {
            if (IsNumberByte(next))
            {
                return false;
            }
            value = (long)mantissa;
            end = after;
            return true;
        }
        // "5." at the very end, or a fraction that is not 1 to 7 digits ending the number, goes the general way
        if (!ShortDigits(text, after + 1, out ulong fractionDigits, out int fraction, out byte afterFraction) || IsNumberByte(afterFraction))
        {
            return false;
        }
        mantissa = mantissa * Pow10U[fraction] + fractionDigits;
        value = (long)mantissa / PowersOfTen[fraction];
        end = after + 1 + fraction;
        return true;
    }

    /// <summary>1 to 7 digits at <paramref name="start"/>, not followed by another digit; one load, no loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryParseShortInt64(ReadOnlySpan<byte> text, int start, out long value, out int end)
    {
        bool ok = ShortDigits(text, start, out ulong digits, out int run, out _);
        value = (long)digits;
        end = start + run;
        return ok;
    }

    /// <summary>
    /// The run of 1 to 7 digits at <paramref name="start"/> with one eight-byte load: its value, its length,
    /// and the byte after it (0 past the end of the text). False when there is no digit there, or eight or
    /// more (then <paramref name="value"/> is 0 and <paramref name="run"/> is 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ShortDigits(ReadOnlySpan<byte> text, int start, out ulong value, out int run, out byte next)
    {
        value = 0;
        run = 0;
        next = 0;
        if (text.Length < 8 || (uint)start >= (uint)text.Length)
        {
            return false;
        }
        ulong word = WordAt(text, start);
        int digits = DigitRun(word);
        if ((uint)(digits - 1) >= 7)
        {
            return false;
        }
        value = EightDigits(word, digits);
        run = digits;
        next = (byte)(word >> (digits * 8));
        return true;
    }

    /// <summary>
    /// The eight bytes from <paramref name="at"/>, little-endian; near the end of the text the last eight
    /// bytes shifted so that byte 0 is text[at], with zero bytes (never a digit) past the end.
    /// Needs 8 &lt;= text.Length and 0 &lt;= at &lt; text.Length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong WordAt(ReadOnlySpan<byte> text, int at)
    {
        Debug.Assert(text.Length >= 8 && at >= 0 && at < text.Length);
        int from = Math.Min(at, text.Length - 8); // 0 <= from <= text.Length - 8: the load stays inside the text
        ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), from));
        return (BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word)) >> ((at - from) * 8);
    }

    /// <summary>The general path of <see cref="TryParseDouble"/>.</summary>
    private static bool TryParseAny(ReadOnlySpan<byte> text, out double value, out int consumed)
    {
        int i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
        int start = i;

        // Fast path: [sign] digits [. digits], 15 digits at most, ended by a byte that cannot continue a
        // number. Such a mantissa is an exact double below 2^53, and so is every power of ten up to 10^22:
        // one IEEE division then rounds correctly (Clinger's fast path), the same double a full parser
        // gives. Digits are read eight at a time (SWAR). Everything else (exponents, long mantissas, nan)
        // takes the slow path.
        bool negative = false;
        if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        int intDigits = ReadDigits(text, i, out ulong mantissa);
        i += intDigits;
        int fraction = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            fraction = ReadDigits(text, i + 1, out ulong frac);
            i += 1 + fraction;
            if (intDigits + fraction <= 15)
            {
                // longer mantissas (Python's repr prints up to 17 digits) take the slow path below
                mantissa = mantissa * Pow10U[fraction] + frac;
            }
        }
        int digits = intDigits + fraction;
        if (digits is > 0 and <= 15 && (i == text.Length || !IsNumberByte(text[i])))
        {
            double v = fraction > 0 ? (long)mantissa / PowersOfTen[fraction] : (long)mantissa; // below 2^53: signed conversion is exact and cheaper
            value = negative ? -v : v;
            consumed = i;
            return true;
        }
        return TryParseSlow(text, start, out value, out consumed);
    }

    /// <summary>Any number: finds the token's end, then nan/inf by name or the framework's full parser.</summary>
    private static bool TryParseSlow(ReadOnlySpan<byte> text, int start, out double value, out int consumed)
    {
        int end = start;
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

    // Spans over constant data: no array, no static constructor check on each use (this matters in Native AOT).
    private static ReadOnlySpan<ulong> Pow10U =>
    [
        1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000,
        100000000000, 1000000000000, 10000000000000, 100000000000000, 1000000000000000, 10000000000000000,
    ];

    /// <summary>
    /// Reads the run of ASCII digits at <paramref name="start"/>, up to 16 of them, as an integer; returns
    /// how many there were (a longer run reports 17 so callers fall back). Eight bytes at a time when the
    /// span allows: find the digit run with bit masks, then combine the digits with three multiplies
    /// instead of a multiply-add per digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadDigits(ReadOnlySpan<byte> text, int start, out ulong value)
    {
        value = 0;
        int count = 0;
        while (true)
        {
            int at = start + count;
            ulong word;
            if (at + 8 <= text.Length)
            {
                word = BinaryPrimitives.ReadUInt64LittleEndian(text[at..]);
            }
            else if (text.Length >= 8 && at < text.Length)
            {
                // near the end: load the last eight bytes and shift the ones before 'at' out; the zero
                // bytes shifted in are not digits, so the run stops at the end of the text
                word = BinaryPrimitives.ReadUInt64LittleEndian(text[^8..]) >> ((at + 8 - text.Length) * 8);
            }
            else
            {
                while (at < text.Length && (uint)(text[at] - '0') <= 9)
                {
                    value = value * 10 + (uint)(text[at] - '0');
                    at++;
                    count++;
                }
                return count;
            }
            int run = DigitRun(word);
            if (run > 0)
            {
                value = value * Pow10U[run] + EightDigits(word, run);
                count += run;
            }
            if (run < 8)
            {
                return count;
            }
            if (count >= 16)
            {
                return count + (start + count < text.Length && (uint)(text[start + count] - '0') <= 9 ? 1 : 0);
            }
        }
    }

    /// <summary>How many of the word's bytes, from the first, are ASCII digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DigitRun(ulong word)
    {
        // a byte is a digit when its high nibble is 3 both before and after adding 6 (0x30..0x39)
        ulong high = word & 0xF0F0F0F0F0F0F0F0UL;
        ulong shifted = (word + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL;
        ulong notDigit = (high ^ 0x3030303030303030UL) | (shifted ^ 0x3030303030303030UL);
        return notDigit == 0 ? 8 : BitOperations.TrailingZeroCount(notDigit) >> 3;
    }

    /// <summary>The value of the first <paramref name="run"/> (1 to 8) digit bytes of the word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong word, int run)
    {
        // keep the digits, as values 0-9, in the high bytes: the bytes shifted in are leading zeros
        ulong digits = (word - 0x3030303030303030UL) << ((8 - run) * 8);
        digits = (digits * 10) + (digits >> 8);
        return (((digits & 0x000000FF000000FFUL) * (100 + (1000000UL << 32)))
                + (((digits >> 16) & 0x000000FF000000FFUL) * (1 + (10000UL << 32)))) >> 32;
    }

    /// <summary>Exact powers of ten that a double holds.</summary>
    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses the non-negative integer at the start of <paramref name="text"/> (after spaces): any that fits
    /// in a <see cref="long"/>, up to 19 digits. False when there is none, or it is too large
    /// (<see cref="IsTooLargeInteger"/> tells which); <paramref name="consumed"/> then ends after its digits.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value, out int consumed)
    {
        int i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
        int digits = ReadDigits(text, i, out ulong v);
        consumed = i + digits;
        if (digits is > 0 and <= 16)
        {
            value = (long)v;
            return true;
        }
        value = 0;
        return digits > 16 && TryParseLongInteger(text, i, out value, out consumed);
    }

    /// <summary>True when <paramref name="text"/> starts (after spaces) with an integer too large for a <see cref="long"/>.</summary>
    public static bool IsTooLargeInteger(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
        return i < text.Length && (uint)(text[i] - '0') <= 9 && !TryParseLongInteger(text, i, out _, out _);
    }

    /// <summary>17 digits or more, one at a time with an overflow check (rare: only huge step numbers get here).</summary>
    private static bool TryParseLongInteger(ReadOnlySpan<byte> text, int start, out long value, out int end)
    {
        ulong total = 0;
        bool fits = true;
        end = start;
        for (; end < text.Length && (uint)(text[end] - '0') <= 9; end++)
        {
            uint digit = (uint)(text[end] - '0');
            if (total > ((ulong)long.MaxValue - digit) / 10)
            {
                fits = false;
            }
            else if (fits)
            {
                total = total * 10 + digit;
            }
        }
        value = fits ? (long)total : 0;
        return fits;
    }

    // bit i of Low: byte i (0-63); of High: byte 64 + i. Digits, '.', '-', '+', and the letters of
    // e, nan, inf, infinity in either case.
    private const ulong NumberBytesLow = (0x3FFUL << '0') | (1UL << '.') | (1UL << '-') | (1UL << '+');
    private const ulong NumberLettersLowerCase = (1UL << ('a' - 64)) | (1UL << ('e' - 64)) | (1UL << ('f' - 64)) | (1UL << ('i' - 64))
        | (1UL << ('n' - 64)) | (1UL << ('t' - 64)) | (1UL << ('y' - 64));
    private const ulong NumberBytesHigh = NumberLettersLowerCase | (NumberLettersLowerCase >> 32); // 'A' is 'a' - 32

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsNumberByte(byte b)
        => (((b < 64 ? NumberBytesLow : b < 128 ? NumberBytesHigh : 0) >> (b & 63)) & 1) != 0;

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
