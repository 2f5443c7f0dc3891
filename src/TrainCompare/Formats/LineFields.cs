namespace TrainCompare.Formats;

/// <summary>Small helpers shared by the text formats: find a literal key in a line and read the number after it.</summary>
public static class LineFields
{
    /// <summary>The number after the first <paramref name="key"/> in <paramref name="line"/> (spaces skipped).</summary>
    public static bool TryNumberAfter(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out double value)
        => TryNumberAfter(line, key, out value, out _);

    /// <param name="rest">What follows the number.</param>
    public static bool TryNumberAfter(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out double value, out ReadOnlySpan<byte> rest)
    {
        value = 0;
        rest = default;
        if (!After(line, key, out var after))
        {
            return false;
        }
        bool ok = Utf8Number.TryParseDouble(after, out value, out int used);
        rest = after[used..];
        return ok;
    }

    /// <summary>The integer after the first <paramref name="key"/> (spaces skipped).</summary>
    public static bool TryIntegerAfter(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out long value, out ReadOnlySpan<byte> rest)
    {
        value = 0;
        rest = default;
        if (!After(line, key, out var after))
        {
            return false;
        }
        bool ok = Utf8Number.TryParseInt64(after, out value, out int used);
        rest = after[used..];
        return ok;
    }

    /// <summary>
    /// The number after <paramref name="key"/> where it starts a word (the byte before it is not a letter,
    /// digit or '_'), so "loss=" does not match inside "nll_loss="; a value in double quotes ("9.87", as
    /// fairseq's JSON prints them) is read too.
    /// </summary>
    public static bool TryNumberAfterWord(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out double value)
    {
        value = 0;
        int from = 0;
        while (from < line.Length)
        {
            int at = line[from..].IndexOf(key);
            if (at < 0)
            {
                return false;
            }
            at += from;
            if (at == 0 || !IsWordByte(line[at - 1]))
            {
                var after = line[(at + key.Length)..].TrimStart((byte)' ');
                if (after.StartsWith("\""u8))
                {
                    after = after[1..];
                }
                return Utf8Number.TryParseDouble(after, out value, out _);
            }
            from = at + key.Length;
        }
        return false;
    }

    private static bool IsWordByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b == (byte)'_';

    /// <summary>What follows the first <paramref name="key"/> in <paramref name="line"/>.</summary>
    private static bool After(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> after)
    {
        int at = line.IndexOf(key);
        after = at < 0 ? default : line[(at + key.Length)..];
        return at >= 0;
    }

    /// <summary>
    /// The line without ANSI escape sequences (ESC [ ... letter), copied into <paramref name="buffer"/> only
    /// when it has any; torchtitan colours its fields.
    /// </summary>
    public static ReadOnlySpan<byte> StripAnsi(ReadOnlySpan<byte> line, Span<byte> buffer)
    {
        if (line.IndexOf((byte)0x1b) < 0 || buffer.Length < line.Length)
        {
            return line;
        }
        int n = 0;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == 0x1b && i + 1 < line.Length && line[i + 1] == (byte)'[')
            {
                i += 2;
                while (i < line.Length && !char.IsAsciiLetter((char)line[i]))
                {
                    i++;
                }
                continue;
            }
            buffer[n++] = line[i];
        }
        return buffer[..n];
    }
    /// <summary>A number with thousands separators ("11,568", "1,234,567.5"), after spaces.</summary>
    public static bool TryGrouped(ReadOnlySpan<byte> text, out double value)
    {
        Span<byte> digits = stackalloc byte[32];
        int n = 0, i = 0;
        while (i < text.Length && text[i] == (byte)' ')
        {
            i++;
        }
        for (; i < text.Length && n < digits.Length; i++)
        {
            byte b = text[i];
            if (b == (byte)',' && n > 0 && i + 1 < text.Length && (uint)(text[i + 1] - '0') <= 9)
            {
                continue;
            }
            if ((uint)(b - '0') <= 9 || b == (byte)'.' || (n == 0 && b == (byte)'-'))
            {
                digits[n++] = b;
                continue;
            }
            break;
        }
        return Utf8Number.TryParseDouble(digits[..n], out value, out _);
    }

    /// <summary>
    /// A tqdm progress bar's rate in its brackets, <c>[00:30&lt;00:37, 14.8it/s, ...]</c> or
    /// <c>[01:00&lt;00:10,  1.23s/it]</c>, as milliseconds per iteration (1000 / it/s, or s/it × 1000).
    /// </summary>
    public static bool TryTqdmMsPerIteration(ReadOnlySpan<byte> bracket, out double ms)
    {
        ms = 0;
        int comma = bracket.IndexOf((byte)',');
        if (comma < 0)
        {
            return false;
        }
        var rate = bracket[(comma + 1)..];
        int end = rate.IndexOf((byte)',');
        rate = (end < 0 ? rate : rate[..end]).Trim(" "u8);
        bool perSecond = rate.EndsWith("it/s"u8);
        if (!perSecond && !rate.EndsWith("s/it"u8))
        {
            return false;
        }
        // the number alone: the parser would take the 'i' of "it/s" for the start of "inf"
        var number = rate[..^4];
        if (!Utf8Number.TryParseDouble(number, out double value, out int used) || used != number.Length || !double.IsFinite(value) || value <= 0)
        {
            return false;
        }
        ms = perSecond ? 1000 / value : value * 1000;
        return true;
    }

    /// <summary>What the run line says when step times come from a tqdm bar's rate (<see cref="TryTqdmMsPerIteration"/>).</summary>
    public static Finding TqdmRateNote(string format) => Finding.Warning("read.step-time-average",
        $"{format}: step times are 1000 / the progress bar's it/s (tqdm's moving average), not each step's own time");

    /// <summary>A metric name a log may carry that is safe to keep under its own name: letters, digits, _ - . / (at most 64).</summary>
    public static bool IsPlainName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > 64)
        {
            return false;
        }
        foreach (byte b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-' or (byte)'.' or (byte)'/'))
            {
                return false;
            }
        }
        return true;
    }
}
