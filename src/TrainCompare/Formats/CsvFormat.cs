using System.Text;
using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// CSV with a header: PyTorch Lightning's CSVLogger metrics.csv (epoch,step,train_loss,val_loss,... with
/// empty cells where a metric was not logged that row), Keras' CSVLogger training.log (epoch,acc,loss,val_acc,
/// val_loss: with no step column the epoch column is the x axis, and the run line says so) and any CSV with a
/// step column and a loss or time column. Fields map to metrics as in <see cref="FieldNames"/>, one column per metric by priority; RFC 4180
/// quoting is understood, a line end inside quotes included; a UTF-8 byte order mark is skipped.
/// </summary>
public sealed class CsvFormat : ILogFormat
{
    public static readonly CsvFormat Instance = new();

    public string Name => "csv";

    /// <summary>Every line matters (rows have no literal in common), so there are no anchors.</summary>
    public LineAnchors? Anchors => null;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    /// <summary>The longest record read whole when quoted newlines make it span lines (as long as a line may be).</summary>
    private const int MaxRecordBytes = LogScanner.MaxLineBytes;

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private string[]? _columns;
        private int _stepColumn = -1;
        private bool _byEpoch; // no step column: the epoch column is the x axis
        private readonly Dictionary<string, bool> _seconds = new(StringComparer.Ordinal);
        private readonly List<Finding> _notes = [];
        private readonly List<(string Key, double Value)> _fields = [];
        private readonly KeyChooser _chooser = new();
        private readonly List<byte> _record = []; // a record whose quoted cell holds a line end, so far
        private bool _firstLine = true;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (_firstLine)
            {
                _firstLine = false;
                if (line.StartsWith("\uFEFF"u8))
                {
                    line = line[3..]; // a UTF-8 byte order mark (Excel's "CSV UTF-8")
                }
            }
            if (_record.Count > 0)
            {
                // RFC 4180: a quoted cell may hold a line end; the record goes on on this line
                if (_record.Count + line.Length + 1 > MaxRecordBytes)
                {
                    _record.Clear();
                    return false;
                }
                _record.Add((byte)'\n');
                _record.AddRange(line);
                if (OpenQuote(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_record)))
                {
                    return false;
                }
                byte[] record = [.. _record];
                _record.Clear();
                return ParseRecord(record, where);
            }
            if (OpenQuote(line))
            {
                _record.AddRange(line);
                return false;
            }
            return ParseRecord(line, where);
        }

        /// <summary>True when the text ends inside a quoted cell (an odd number of quotes: "" inside one counts twice).</summary>
        private static bool OpenQuote(ReadOnlySpan<byte> text) => (text.Count((byte)'"') & 1) == 1;

        private bool ParseRecord(ReadOnlySpan<byte> line, LineRef where)
        {
            if (line.IndexOf((byte)',') < 0)
            {
                return false;
            }
            var cells = Split(line);
            if (_columns is null)
            {
                int step = Array.FindIndex(cells, c => FieldNames.StepKeys.Contains(c.Trim().ToLowerInvariant()));
                if (step < 0)
                {
                    // Keras' CSVLogger (epoch,acc,loss,val_acc,val_loss): no step column, the epoch is the x axis
                    step = Array.FindIndex(cells, c => c.Trim().Equals("epoch", StringComparison.OrdinalIgnoreCase));
                    _byEpoch = step >= 0;
                }
                bool useful = cells.Any(c => FieldNames.Metric(c.Trim()) == Metrics.Loss || FieldNames.TimeField(c.Trim()) is not null);
                if (step >= 0 && useful)
                {
                    _columns = cells.Select(c => c.Trim()).ToArray();
                    _stepColumn = step;
                }
                return false;
            }
            if (_stepColumn >= cells.Length)
            {
                return false;
            }
            string stepCell = cells[_stepColumn].Trim();
            if (!long.TryParse(stepCell, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long s))
            {
                if (stepCell.Length > 0 && stepCell.All(char.IsAsciiDigit))
                {
                    output.StepOutOfRange(where);
                }
                return false;
            }
            _fields.Clear();
            for (int i = 0; i < cells.Length && i < _columns.Length; i++)
            {
                string cell = cells[i].Trim();
                if (i == _stepColumn || cell.Length == 0 || _columns[i].Equals("epoch", StringComparison.OrdinalIgnoreCase)
                    || !Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(cell), out double v, out int used) || used != Encoding.UTF8.GetByteCount(cell))
                {
                    continue;
                }
                _fields.Add((_columns[i], v));
            }
            if (_fields.Count == 0)
            {
                return false;
            }
            _chooser.Choose(_fields);
            foreach (var (key, metric, v) in _chooser.Chosen)
            {
                if (metric == Metrics.StepTimeMs)
                {
                    var unit = FieldNames.TimeField(key);
                    if (!_seconds.TryGetValue(key, out bool seconds))
                    {
                        seconds = unit == TimeUnit.Seconds || (unit == TimeUnit.Unknown && FieldNames.SecondsByValue(v));
                        _seconds[key] = seconds;
                        if (unit == TimeUnit.Unknown)
                        {
                            _notes.Add(Finding.Info("read.unit-guessed", $"'{key}' read as {(seconds ? "seconds" : "milliseconds")} (its name gives no unit; the first value is {v})"));
                        }
                    }
                    output.Column(Metrics.StepTimeMs).Add(s, seconds ? v * 1000 : v, where);
                }
                else
                {
                    output.Column(metric).Add(s, v, where);
                }
            }
            return true;
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

        public override void DescribeTo(List<Finding> notes)
        {
            if (_byEpoch && _columns is not null)
            {
                notes.Add(Finding.Info("read.epoch-axis", $"no step column: the '{_columns[_stepColumn]}' column is the x axis (each step is an epoch)"));
            }
            notes.AddRange(_notes);
            _chooser.DescribeTo(notes);
        }
    }
}
