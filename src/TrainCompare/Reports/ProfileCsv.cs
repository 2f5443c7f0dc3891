using System.Globalization;
using System.Text;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// profile_ops.csv (written with --report csv when runs carry profiles): every row of every op table, not only the
/// largest, one line each, as series.csv writes its cells (RFC 4180, CRLF, invariant culture, text cells guarded
/// against spreadsheet formulas). Times are ms per step (per device); empty cells where a value does not exist.
/// </summary>
public static class ProfileCsv
{
    public const string FileName = "profile_ops.csv";

    public const string Header = "run,baseline,op,match,launcher,baseline_ops,run_ops,baseline_calls_per_step,run_calls_per_step,"
                                 + "baseline_ms_per_step,run_ms_per_step,delta_ms,delta_ci_low,delta_ci_high,share";

    public static bool Any(Comparison comparison) => comparison.Comparisons.Any(c => c.Profile is not null);

    public static void Write(Comparison comparison, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(stream);
        var sb = new StringBuilder(Header).Append("\r\n");
        foreach (var c in comparison.Comparisons)
        {
            if (c.Profile is not { } p)
            {
                continue;
            }
            foreach (var o in p.Ops)
            {
                sb.AppendJoin(',', SeriesCsv.Field(p.Run), SeriesCsv.Field(p.Baseline), SeriesCsv.Field(o.Label),
                        o.Match.ToString().ToLowerInvariant(), SeriesCsv.Field(o.Launcher ?? ""),
                        SeriesCsv.Field(string.Join(";", o.BaselineOps)), SeriesCsv.Field(string.Join(";", o.RunOps)),
                        N(o.BaselineCalls), N(o.RunCalls), N(o.BaselineMs), N(o.RunMs), N(o.DeltaMs), N(o.DeltaLow), N(o.DeltaHigh), N(o.Share))
                    .Append("\r\n");
            }
        }
        stream.Write(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    private static string N(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
