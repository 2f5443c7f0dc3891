using System.Buffers;
using System.Text.Json;
using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// JSON lines: one object per line with a step-like key (step, global_step, iteration, iter) and loss-like
/// keys; a time-like key (step_time_ms, time_ms, dt, time, ...) in the unit its name gives, or, when it does
/// not say, seconds if its first value is under 20 and milliseconds otherwise (the run line says which).
/// Every other numeric field is kept as a metric under its own name. One key per metric (loss before
/// train/loss, see <see cref="FieldNames"/>); Python's NaN, Infinity and -Infinity (json.dumps writes them)
/// are read as the non-finite values they are. A key that is not valid text is ignored.
/// </summary>
public sealed class JsonLinesFormat : ILogFormat
{
    public static readonly JsonLinesFormat Instance = new();

    public string Name => "jsonl";

    public LineAnchors Anchors { get; } = new("{\"");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    // Python's non-finite literals, rewritten into strings JSON allows (with a NUL escape no real value holds)
    private static ReadOnlySpan<byte> NaNMark => "\"\\u0000NaN\""u8;
    private static ReadOnlySpan<byte> InfinityMark => "\"\\u0000Infinity\""u8;
    private static ReadOnlySpan<byte> MinusInfinityMark => "\"\\u0000-Infinity\""u8;

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly Dictionary<string, bool> _secondsByKey = new(StringComparer.Ordinal);
        private readonly List<Finding> _unitNotes = [];
        private readonly List<(string Key, double Value)> _fields = [];
        private readonly KeyChooser _chooser = new();

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            int start = line.IndexOf((byte)'{');
            if (start < 0)
            {
                return false;
            }
            var json = line[start..];
            byte[]? rented = null;
            try
            {
                if (json.IndexOfAny((byte)'N', (byte)'I') >= 0 && RewriteNonFinite(json, out rented, out int length))
                {
                    json = rented.AsSpan(0, length);
                }
                return ParseObject(json, rented is not null, where);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }

        /// <param name="marked">NaN and the infinities were rewritten into marks: read them back (only then).</param>
        private bool ParseObject(ReadOnlySpan<byte> json, bool marked, LineRef where)
        {
            _fields.Clear();
            long? step = null;
            bool stepTooLarge = false;
            try
            {
                var reader = new Utf8JsonReader(json);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string? key = KeyOf(ref reader);
                    reader.Read();
                    if (key is null)
                    {
                        reader.Skip(); // not valid text: ignored, value and all
                        continue;
                    }
                    if (!TryNumber(ref reader, marked, out double v))
                    {
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            reader.Skip();
                        }
                        continue;
                    }
                    if (step is null && !stepTooLarge && FieldNames.StepKeys.Contains(key.ToLowerInvariant()) && v >= 0 && v == Math.Floor(v))
                    {
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long exact))
                        {
                            step = exact; // exact past 2^53, where the double is not
                        }
                        else if (v < 9.2e18)
                        {
                            step = (long)v; // 1e3, 100.0
                        }
                        else
                        {
                            stepTooLarge = true;
                        }
                    }
                    else
                    {
                        _fields.Add((key, v));
                    }
                }
            }
            catch (JsonException)
            {
                return false;
            }
            if (step is not { } s || _fields.Count == 0)
            {
                if (stepTooLarge && _fields.Count > 0)
                {
                    output.StepOutOfRange(where);
                }
                return false;
            }
            _chooser.Choose(_fields);
            foreach (var (key, metric, value) in _chooser.Chosen)
            {
                if (metric == Metrics.StepTimeMs)
                {
                    var unit = FieldNames.TimeField(key);
                    bool seconds = unit == TimeUnit.Seconds || (unit == TimeUnit.Unknown && Seconds(key, value));
                    output.Column(Metrics.StepTimeMs).Add(s, seconds ? value * 1000 : value, where);
                }
                else
                {
                    output.Column(metric).Add(s, value, where);
                }
            }
            return true;
        }

        /// <summary>The property name as text, or null when it is not valid UTF-8 or holds a lone surrogate.</summary>
        private static string? KeyOf(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>A number, or one of the marks <see cref="RewriteNonFinite"/> put for NaN and the infinities.</summary>
        private static bool TryNumber(ref Utf8JsonReader reader, bool marked, out double value)
        {
            value = 0;
            if (reader.TokenType == JsonTokenType.Number)
            {
                return reader.TryGetDouble(out value);
            }
            if (!marked || reader.TokenType != JsonTokenType.String || !reader.ValueIsEscaped)
            {
                return false;
            }
            var raw = reader.ValueSpan;
            value = raw.SequenceEqual(NaNMark[1..^1]) ? double.NaN
                : raw.SequenceEqual(InfinityMark[1..^1]) ? double.PositiveInfinity
                : raw.SequenceEqual(MinusInfinityMark[1..^1]) ? double.NegativeInfinity
                : 0;
            return value != 0;
        }

        private bool Seconds(string key, double first)
        {
            if (!_secondsByKey.TryGetValue(key, out bool seconds))
            {
                seconds = FieldNames.SecondsByValue(first);
                _secondsByKey[key] = seconds;
                _unitNotes.Add(Finding.Info("read.unit-guessed", $"'{key}' read as {(seconds ? "seconds" : "milliseconds")} (its name gives no unit; the first value is {first})"));
            }
            return seconds;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            notes.AddRange(_unitNotes);
            _chooser.DescribeTo(notes);
        }
    }

    /// <summary>
    /// Copies <paramref name="json"/> with every NaN, Infinity and -Infinity outside strings (Python's
    /// json.dumps writes them for non-finite floats; JSON has no such literals) replaced by a mark the parser
    /// reads back; false, with nothing rented, when there is none.
    /// </summary>
    internal static bool RewriteNonFinite(ReadOnlySpan<byte> json, out byte[] rented, out int length)
    {
        rented = null!;
        length = 0;
        byte[]? buffer = null;
        int copied = 0; // bytes of json handled so far
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            byte b = json[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
                continue;
            }
            if (b == (byte)'"')
            {
                inString = true;
                continue;
            }
            ReadOnlySpan<byte> mark;
            int tokenLength;
            var rest = json[i..];
            if (rest.StartsWith("NaN"u8))
            {
                mark = NaNMark;
                tokenLength = 3;
            }
            else if (rest.StartsWith("Infinity"u8))
            {
                mark = InfinityMark;
                tokenLength = 8;
            }
            else if (rest.StartsWith("-Infinity"u8))
            {
                mark = MinusInfinityMark;
                tokenLength = 9;
            }
            else
            {
                continue;
            }
            if (i + tokenLength < json.Length && (char.IsAsciiLetterOrDigit((char)json[i + tokenLength]) || json[i + tokenLength] == (byte)'_'))
            {
                continue; // part of a longer bare word: left for the parser to reject
            }
            if (buffer is null)
            {
                buffer = ArrayPool<byte>.Shared.Rent(json.Length * 2 + 32);
            }
            else if (buffer.Length - length < i - copied + mark.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent((buffer.Length + i - copied + mark.Length) * 2);
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
            json[copied..i].CopyTo(buffer.AsSpan(length));
            length += i - copied;
            mark.CopyTo(buffer.AsSpan(length));
            length += mark.Length;
            copied = i + tokenLength;
            i = copied - 1;
        }
        if (buffer is null)
        {
            return false;
        }
        if (buffer.Length - length < json.Length - copied)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(length + json.Length - copied);
            buffer.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        json[copied..].CopyTo(buffer.AsSpan(length));
        length += json.Length - copied;
        rented = buffer;
        return true;
    }
}
