using System.Text.Json;
using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// JSON lines: one object per line with a step-like key (step, global_step, iteration, iter) and loss-like
/// keys; a time-like key (step_time_ms, time_ms, dt, time, ...) in the unit its name gives, or, when it does
/// not say, seconds if its first value is under 20 and milliseconds otherwise (the run line says which).
/// Every other numeric field is kept as a metric under its own name.
/// </summary>
public sealed class JsonLinesFormat : ILogFormat
{
    public static readonly JsonLinesFormat Instance = new();

    public string Name => "jsonl";

    public LineAnchors Anchors { get; } = new("{\"");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly Dictionary<string, bool> _secondsByKey = new(StringComparer.Ordinal);
        private readonly List<string> _unitNotes = [];

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            int start = line.IndexOf((byte)'{');
            if (start < 0)
            {
                return false;
            }
            var fields = new List<(string Key, double Value)>();
            long? step = null;
            try
            {
                var reader = new Utf8JsonReader(line[start..]);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string key = reader.GetString()!;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double v))
                    {
                        if (step is null && FieldNames.StepKeys.Contains(key.ToLowerInvariant()) && v >= 0 && v == Math.Floor(v))
                        {
                            step = (long)v;
                        }
                        else
                        {
                            fields.Add((key, v));
                        }
                    }
                    else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }
                }
            }
            catch (JsonException)
            {
                return false;
            }
            if (step is not { } s || fields.Count == 0)
            {
                return false;
            }
            foreach (var (key, value) in fields)
            {
                if (FieldNames.TimeField(key) is { } unit)
                {
                    bool seconds = unit == TimeUnit.Seconds || (unit == TimeUnit.Unknown && Seconds(key, value));
                    output.Column(Metrics.StepTimeMs).Add(s, seconds ? value * 1000 : value, where);
                }
                else
                {
                    output.Column(FieldNames.Metric(key) ?? key).Add(s, value, where);
                }
            }
            return true;
        }

        private bool Seconds(string key, double first)
        {
            if (!_secondsByKey.TryGetValue(key, out bool seconds))
            {
                seconds = FieldNames.SecondsByValue(first);
                _secondsByKey[key] = seconds;
                _unitNotes.Add($"'{key}' read as {(seconds ? "seconds" : "milliseconds")} (its name gives no unit; the first value is {first})");
            }
            return seconds;
        }

        public override void DescribeTo(List<string> notes) => notes.AddRange(_unitNotes);
    }
}
