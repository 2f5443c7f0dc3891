using System.Text;
using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// CSV with a header: PyTorch Lightning's CSVLogger metrics.csv (epoch,step,train_loss,val_loss,... with
/// empty cells where a metric was not logged that row) and any CSV with a step column and a loss or time
/// column. Fields map to metrics as in <see cref="FieldNames"/>; RFC 4180 quoting is understood.
/// </summary>
public sealed class CsvFormat : ILogFormat
{
    public static readonly CsvFormat Instance = new();

    public string Name => "csv";

    /// <summary>Every line matters (rows have no literal in common), so there are no anchors.</summary>
    public LineAnchors? Anchors => null;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private string[]? _columns;
        private int _stepColumn = -1;
        private readonly Dictionary<int, bool> _seconds = [];
        private readonly List<string> _notes = [];

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (line.IndexOf((byte)',') < 0)
            {
                return false;
            }
            var cells = Split(line);
            if (_columns is null)
            {
                int step = Array.FindIndex(cells, c => FieldNames.StepKeys.Contains(c.Trim().ToLowerInvariant()));
                bool useful = cells.Any(c => FieldNames.Metric(c.Trim()) == Metrics.Loss || FieldNames.TimeField(c.Trim()) is not null);
                if (step >= 0 && useful)
                {
                    _columns = cells.Select(c => c.Trim()).ToArray();
                    _stepColumn = step;
                }
                return false;
            }
            if (_stepColumn >= cells.Length || !long.TryParse(cells[_stepColumn].Trim(), System.Globalization.CultureInfo.InvariantCulture, out long s))
            {
                return false;
            }
            bool any = false;
            for (int i = 0; i < cells.Length && i < _columns.Length; i++)
            {
                if (i == _stepColumn || string.IsNullOrWhiteSpace(cells[i])
                    || !Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(cells[i].Trim()), out double v, out int used) || used != Encoding.UTF8.GetByteCount(cells[i].Trim()))
                {
                    continue;
                }
                string key = _columns[i];
                if (FieldNames.TimeField(key) is { } unit)
                {
                    if (!_seconds.TryGetValue(i, out bool seconds))
                    {
                        seconds = unit == TimeUnit.Seconds || (unit == TimeUnit.Unknown && FieldNames.SecondsByValue(v));
                        _seconds[i] = seconds;
                        if (unit == TimeUnit.Unknown)
                        {
                            _notes.Add($"'{key}' read as {(seconds ? "seconds" : "milliseconds")} (its name gives no unit; the first value is {v})");
                        }
                    }
                    output.Column(Metrics.StepTimeMs).Add(s, seconds ? v * 1000 : v, where);
                }
                else if (!key.Equals("epoch", StringComparison.OrdinalIgnoreCase))
                {
                    output.Column(FieldNames.Metric(key) ?? key).Add(s, v, where);
                }
                any = true;
            }
            return any;
        }

        /// <summary>Splits one CSV record (RFC 4180: quoted cells may hold commas and doubled quotes).</summary>
        private static string[] Split(ReadOnlySpan<byte> line)
        {
            var cells = new List<string>();
            var cell = new StringBuilder();
            string text = Encoding.UTF8.GetString(line);
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        cell.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                }
                else
                {
                    cell.Append(c);
                }
            }
            cells.Add(cell.ToString());
            return [.. cells];
        }

        public override void DescribeTo(List<string> notes) => notes.AddRange(_notes);
    }
}
