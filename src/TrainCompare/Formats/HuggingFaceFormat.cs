using System.Text;
using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// The Hugging Face Trainer, in both places it logs:
/// <code>
/// stdout:              {'loss': 1.6778, 'grad_norm': 1.23, 'learning_rate': 5e-05, 'epoch': 0.5}
///                      {'eval_loss': 1.52, 'eval_runtime': 3.1, 'epoch': 1.0}
/// trainer_state.json:  "log_history": [ { "epoch": 0.01, "loss": 2.3, "step": 10 }, ... ]
/// </code>
/// Values are numbers or, as transformers and TRL print them now, strings of numbers
/// (<c>{'loss': '3.41', 'learning_rate': '5e-05', 'epoch': '0.1'}</c>). A stdout dict that carries
/// <c>'step'</c> is read at that step; the others carry no step, so they are numbered by logging order
/// (1, 2, 3, ...), and the run line says so; trainer_state.json's entries carry theirs. The closing summary
/// dict (train_runtime, ...) is skipped.
/// </summary>
public sealed class HuggingFaceFormat : ILogFormat
{
    public static readonly HuggingFaceFormat Instance = new();

    public string Name => "hf";

    /// <summary>Dict lines and JSON key lines have no literal in common: every line is looked at.</summary>
    public LineAnchors? Anchors => null;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private long _logged;           // stdout dicts seen with a training loss: their step numbers
        private bool _numberedByOrder;
        private bool _sawStep;          // a stdout dict carried 'step'
        private bool _inHistory;        // inside trainer_state.json's log_history
        private readonly List<(string Key, double Value)> _entry = [];
        private long? _entryStep;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            var trimmed = line.Trim(" \t"u8);
            if (trimmed.StartsWith("{'"u8))
            {
                return StdoutDict(Encoding.UTF8.GetString(trimmed), where);
            }
            if (trimmed.StartsWith("\"log_history\""u8))
            {
                _inHistory = true;
                return false;
            }
            if (!_inHistory)
            {
                return false;
            }
            if (trimmed.StartsWith("]"u8))
            {
                _inHistory = false;
                return false;
            }
            if (trimmed.StartsWith("}"u8))
            {
                return EmitEntry(where);
            }
            // "key": value,
            if (trimmed.StartsWith("\""u8))
            {
                int close = trimmed[1..].IndexOf((byte)'"') + 1;
                if (close > 0 && trimmed[(close + 1)..].StartsWith(":"u8)
                    && Utf8Number.TryParseDouble(trimmed[(close + 2)..], out double v, out _))
                {
                    string key = Encoding.UTF8.GetString(trimmed[1..close]);
                    if (key == "step")
                    {
                        _entryStep = (long)v;
                    }
                    else
                    {
                        _entry.Add((key, v));
                    }
                }
            }
            return false;
        }

        private bool EmitEntry(LineRef where)
        {
            bool any = false;
            if (_entryStep is { } step)
            {
                foreach (var (key, value) in _entry)
                {
                    if (Metric(key) is { } metric)
                    {
                        output.Column(metric).Add(step, value, where);
                        any = true;
                    }
                }
            }
            _entry.Clear();
            _entryStep = null;
            return any;
        }

        private bool StdoutDict(string text, LineRef where)
        {
            var fields = new List<(string Key, double Value)>();
            foreach (string part in text.Trim('{', '}').Split(", '"))
            {
                int colon = part.IndexOf("':", StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }
                string key = part[..colon].Trim('\'');
                string value = part[(colon + 2)..].Trim();
                if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
                {
                    value = value[1..^1]; // transformers and TRL now print values as strings: 'loss': '3.41'
                }
                byte[] bytes = Encoding.UTF8.GetBytes(value);
                if (Utf8Number.TryParseDouble(bytes, out double v, out int used) && used == bytes.Length)
                {
                    fields.Add((key, v));
                }
            }
            if (fields.Any(f => f.Key == "train_runtime"))
            {
                return false; // the closing summary
            }
            bool training = fields.Any(f => f.Key == "loss");
            if (!training && !fields.Any(f => f.Key == "eval_loss"))
            {
                return false;
            }
            long step;
            int stepAt = fields.FindIndex(f => f.Key == "step");
            if (stepAt >= 0 && fields[stepAt].Value >= 0 && fields[stepAt].Value < 9.2e18 && fields[stepAt].Value == Math.Floor(fields[stepAt].Value))
            {
                step = (long)fields[stepAt].Value; // the trainer's global step, logged with the values
                _logged = Math.Max(_logged, step);
                _sawStep = true;
            }
            else
            {
                if (training)
                {
                    _logged++;
                }
                step = Math.Max(_logged, 1);
                // an eval dict without a step after dicts with theirs is at the last step logged, not numbered
                _numberedByOrder |= training || !_sawStep;
            }
            foreach (var (key, value) in fields)
            {
                if (key != "step" && Metric(key) is { } metric)
                {
                    output.Column(metric).Add(step, value, where);
                }
            }
            return true;
        }

        private static string? Metric(string key) => key switch
        {
            "epoch" or "total_flos" or "eval_runtime" or "eval_samples_per_second" or "eval_steps_per_second" => null,
            "eval_loss" => Metrics.ValLoss,
            _ => FieldNames.Metric(key) ?? key,
        };

        public override void DescribeTo(List<Finding> notes)
        {
            if (_numberedByOrder)
            {
                notes.Add(Finding.Warning("read.steps-by-order", "Hugging Face stdout lines carry no step: they are numbered by logging order (1, 2, 3, ...), "
                          + "not by the trainer's global step; trainer_state.json has the real steps"));
            }
        }
    }
}
