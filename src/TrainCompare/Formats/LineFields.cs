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
}
