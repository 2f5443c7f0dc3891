using System.Globalization;
using SkiaSharp;
using TrainCompare.Analysis;
using TrainCompare.Reports;
using TrainCompare.Reports.Charts;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Reports;

/// <summary>What the charts show, on the ChartSpec level: colours keyed by run, smoothing, tolerance, clipping, ticks.</summary>
public class ChartSpecTests
{
    /// <summary>
    /// A tt-train log of <paramref name="steps"/> steps: the loss curve every run shares plus noise (seeded) plus
    /// <paramref name="offset"/>; step times around <paramref name="ms"/>, <paramref name="pauses"/> steps taking 30 s;
    /// with <paramref name="tps"/>, tokens per second as well.
    /// </summary>
    private static string Log(int steps, int seed, Func<int, double>? offset = null, double ms = 700, int[]? pauses = null, bool tps = false)
    {
        var shared = new Random(1234);
        var own = new Random(seed);
        var sb = new System.Text.StringBuilder();
        for (int s = 1; s <= steps; s++)
        {
            double loss = 2 + 9 * Math.Exp(-s / 120.0) + Noise(shared, 0.045) + Noise(own, 0.002) + (offset?.Invoke(s) ?? 0);
            double time = pauses?.Contains(s) == true ? 30_000 + 100 * own.NextDouble() : ms + Noise(own, 10);
            sb.Append(CultureInfo.InvariantCulture, $"Step: {s}, Loss: {loss:R}, Time: {time:F2} ms");
            sb.Append(tps ? string.Create(CultureInfo.InvariantCulture, $", cache entries: 42, TPS: {4096 / (time / 1000):F0}\n") : "\n");
        }
        return sb.ToString();
    }

    private static double Noise(Random random, double sigma)
        => sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static Comparison Compare(ComparisonOptions? options, params (string Label, string Text)[] runs)
        => Comparison.Of([.. runs.Select(r => TestLogs.Run(r.Text, r.Label))], options ?? new ComparisonOptions());

    /// <summary>base, fused (the same loss), regressed (+0.012 from step 500): 1000 steps each.</summary>
    private static Comparison ThreeRuns(ComparisonOptions? options = null) => Compare(options,
        ("base", Log(1000, 7)), ("fused", Log(1000, 99, ms: 650, tps: true)), ("regressed", Log(1000, 5, s => s < 500 ? 0 : 0.012, ms: 690, tps: true)));

    private static ChartSpec Chart(IReadOnlyList<ChartSpec> charts, string stem) => charts.Single(c => c.FileStem == stem);

    private static ChartLine Line(ChartSpec chart, string label) => chart.Lines.Single(l => l.Label == label && !l.Faint);

    [Fact]
    public void A_run_has_its_colour_in_every_chart_even_the_difference_chart_without_a_baseline_line()
    {
        var comparison = ThreeRuns();
        var charts = ComparisonCharts.For(comparison, "");
        // the colour of each run is its index among the runs, the baseline 0
        Assert.Equal(0, ChartPalette.Of(comparison, comparison.Runs[0]));
        Assert.Equal(2, ChartPalette.Of(comparison, comparison.Runs[2]));
        var losses = Chart(charts, ComparisonCharts.Losses);
        var diff = Chart(charts, ComparisonCharts.LossesDiff);
        Assert.Equal([0, 1, 2], losses.Lines.Select(l => l.Color));
        // the difference chart has no baseline line: its first line is fused, and stays orange, not blue
        Assert.Equal(Line(losses, "fused").Color, Line(diff, "fused vs base").Color);
        Assert.Equal(Line(losses, "regressed").Color, Line(diff, "regressed vs base").Color);
        Assert.All(diff.Lines.Where(l => l.Faint), l => Assert.Equal(Line(diff, l.Label).Color, l.Color));
        foreach (var chart in charts.Where(c => c.FileStem is ComparisonCharts.StepTime || c.FileStem.StartsWith("metric_", StringComparison.Ordinal)))
        {
            Assert.Equal(1, Line(chart, "fused").Color);
            Assert.Equal(2, Line(chart, "regressed").Color);
        }
        // the tolerance band and the divergence marker are the run's too
        Assert.All(diff.HorizontalBands, b => Assert.Contains(b.Color, new[] { 1, 2 }));
        Assert.Equal(2, Assert.Single(diff.Markers).Color);

        // and so is every format: Mermaid's legend and palette, the HTML figure's lines
        string mermaid = MermaidCharts.For(comparison, "", 50).Single(m => m.FileStem == ComparisonCharts.LossesDiff).Markdown;
        Assert.StartsWith("Lines: fused vs base: orange (#ff7f0e) · regressed vs base: green (#2ca02c) · zero: black (#000000)\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("\"plotColorPalette\": \"#ff7f0e, #2ca02c, #000000\"", mermaid, StringComparison.Ordinal);
        string html = HtmlChartWriter.Render(Chart(ComparisonCharts.For(comparison, "", HtmlChartWriter.Columns), ComparisonCharts.LossesDiff), "d");
        Assert.Contains("<span class=\"key\" data-series=\"1\"><span class=\"swatch\" style=\"background:#ff7f0e\"></span>fused vs base</span>", html, StringComparison.Ordinal);
        Assert.Contains("<polyline class=\"line\" data-series=\"2\" stroke=\"#2ca02c\" points=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_difference_png_draws_the_compare_runs_colour_and_not_the_baselines()
    {
        var comparison = Compare(null, ("base", Log(300, 7)), ("fused", Log(300, 99)));
        var (orange, blue) = Pixels(PngChartWriter.Render(Chart(ComparisonCharts.For(comparison, ""), ComparisonCharts.LossesDiff)), Orange, Blue);
        Assert.True(orange > 1000, $"fused's line is barely drawn ({orange} orange pixels)");
        Assert.Equal(0, blue);
    }

    private static readonly SKColor Blue = new(0x1f, 0x77, 0xb4), Orange = new(0xff, 0x7f, 0x0e), Green = new(0x2c, 0xa0, 0x2c);

    /// <summary>How many pixels (every other one each way) of the PNG are near each of two colours.</summary>
    private static (int First, int Second) Pixels(byte[] png, SKColor first, SKColor second)
    {
        using var bitmap = SKBitmap.Decode(png);
        int a = 0, b = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                a += Near(c, first) ? 1 : 0;
                b += Near(c, second) ? 1 : 0;
            }
        }
        return (a, b);
    }

    private static bool Near(SKColor c, SKColor d) => Math.Abs(c.Red - d.Red) < 20 && Math.Abs(c.Green - d.Green) < 20 && Math.Abs(c.Blue - d.Blue) < 20;

    [Fact]
    public void The_difference_is_drawn_smoothed_over_the_faint_raw_one_and_the_legend_says_how()
    {
        var comparison = ThreeRuns();
        var diff = Chart(ComparisonCharts.For(comparison, ""), ComparisonCharts.LossesDiff);
        var raw = diff.Lines.Single(l => l.Faint && l.Label == "fused vs base");
        var smoothed = Line(diff, "fused vs base");
        Assert.False(raw.InLegend);
        Assert.True(smoothed.InLegend);
        // 1000 common steps: a centred mean of 41 (about 4% of them), exactly what RollingMean computes from the raw difference
        var difference = comparison.Comparisons[0].LossDifference;
        Assert.Equal(RollingMean.Centred(difference.Values, 41), smoothed.Ys);
        Assert.Equal(difference.Values.ToArray(), raw.Ys);
        Assert.Contains("lines: centred mean of 41 logged steps; faint: every step, which the divergence check holds to the tolerance", diff.Notes);
        // the smoothing shows the regression: before step 500 the mean is near 0, after it near +0.012, with far less noise than the raw
        var regressed = Line(diff, "regressed vs base");
        double before = regressed.Ys.Take(450).Average(), after = regressed.Ys.Skip(550).Average();
        Assert.InRange(before, -0.002, 0.002);
        Assert.InRange(after, 0.010, 0.014);
        Assert.True(Std(smoothed.Ys) * 3 < Std(raw.Ys), $"smoothed std {Std(smoothed.Ys)} against raw {Std(raw.Ys)}");

        // with --smooth, the lines are that EMA (which the divergence check uses too), and no rolling mean
        var ema = Chart(ComparisonCharts.For(ThreeRuns(new ComparisonOptions { Smoothing = 0.9 }), ""), ComparisonCharts.LossesDiff);
        Assert.Equal(Smoothing.Ema(difference.Values, 0.9), Line(ema, "fused vs base").Ys);
        Assert.Contains("lines: EMA 0.9 (--smooth), which the divergence check holds to the tolerance; faint: every step", ema.Notes);
        // and Mermaid says what its lines are
        Assert.Contains("_Lines: centred mean of 41 logged steps, then resampled._\n",
            MermaidCharts.For(comparison, "", 50).Single(m => m.FileStem == ComparisonCharts.LossesDiff).Markdown, StringComparison.Ordinal);
    }

    private static double Std(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    [Fact]
    public void Short_differences_are_drawn_as_they_are()
    {
        var diff = Chart(ComparisonCharts.For(Compare(null, ("a", Log(40, 1)), ("b", Log(40, 2))), ""), ComparisonCharts.LossesDiff);
        Assert.DoesNotContain(diff.Lines, l => l.Faint);
        Assert.Empty(diff.Notes);
    }

    [Theory]
    // pandas: pd.Series([1, 2, 3, 4, 10]).rolling(3, center=True, min_periods=1).mean()
    [InlineData(new[] { 1.0, 2, 3, 4, 10 }, 3, new[] { 1.5, 2, 3, 17 / 3.0, 7 })]
    // window 5 over 4 points: every window is cut at both ends
    [InlineData(new[] { 1.0, 2, 3, 4 }, 5, new[] { 2.0, 2.5, 2.5, 3 })]
    // a missing value stays missing and is left out of its neighbours' means (pandas would fill it with theirs)
    [InlineData(new[] { 1.0, double.NaN, 3, 5 }, 3, new[] { 1.0, double.NaN, 4, 4 })]
    public void The_rolling_mean_is_centred_and_cut_at_the_ends_as_pandas(double[] values, int window, double[] expected)
    {
        var actual = RollingMean.Centred(values, window);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }
    }

    [Fact]
    public void The_difference_chart_has_each_runs_tolerance_band_and_a_line_where_it_diverges()
    {
        var comparison = ThreeRuns();
        var diff = Chart(ComparisonCharts.For(comparison, ""), ComparisonCharts.LossesDiff);
        Assert.Equal(2, diff.HorizontalBands.Count);
        foreach (var (c, band) in comparison.Comparisons.Zip(diff.HorizontalBands))
        {
            double tolerance = c.Loss.Tolerance!.Value;
            Assert.Equal(-tolerance, band.Low);
            Assert.Equal(tolerance, band.High);
            Assert.True(band.OnAxis);
            Assert.Equal($"{c.Run.Run.Label}: tolerance ±{tolerance.ToString("G3", CultureInfo.InvariantCulture)}", band.Label);
        }
        // the axis reaches the bands
        var (low, high) = diff.YLimits()!.Value;
        Assert.True(low <= diff.HorizontalBands.Min(b => b.Low) && high >= diff.HorizontalBands.Max(b => b.High));
        // fused agrees: no marker; regressed departs at the step the analysis found
        long step = comparison.Comparisons[1].Loss.DivergenceStep!.Value;
        Assert.Null(comparison.Comparisons[0].Loss.DivergenceStep);
        var marker = Assert.Single(diff.Markers);
        Assert.Equal(step, marker.X);
        Assert.InRange(step, 495, 520);
        Assert.Equal($"regressed diverges at step {step}", marker.Label);

        // a tolerance far beyond every difference is told in the legend, not stretched onto the axis
        var wide = Chart(ComparisonCharts.For(ThreeRuns(new ComparisonOptions { LossTolerance = 0.5 }), ""), ComparisonCharts.LossesDiff);
        Assert.All(wide.HorizontalBands, b => Assert.False(b.OnAxis));
        Assert.All(wide.HorizontalBands, b => Assert.EndsWith("tolerance ±0.5, beyond the axis", b.Label, StringComparison.Ordinal));
        Assert.InRange(wide.YLimits()!.Value.High, 0.01, 0.05);

        // the HTML figure draws them, in the run's colour, and says what they are
        string html = HtmlChartWriter.Render(Chart(ComparisonCharts.For(comparison, "", HtmlChartWriter.Columns), ComparisonCharts.LossesDiff), "d");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<rect class=\"tolerance\""));
        Assert.Contains("<line class=\"divergence\" data-series=\"2\"", html, StringComparison.Ordinal);
        Assert.Contains($"regressed diverges at step {step} (dashed line)</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_pauses_are_clipped_from_the_step_time_axis_counted_and_marked()
    {
        int[] pauses = [250, 500, 750];
        var comparison = Compare(null, ("base", Log(1000, 7, pauses: pauses)), ("ckpt", Log(1000, 11, ms: 640, pauses: [250, 500, 750, 900], tps: true)));
        var charts = ComparisonCharts.For(comparison, "");
        var time = Chart(charts, ComparisonCharts.StepTime);
        var range = time.YRange!;
        // the axis covers the 700 ms and 640 ms steps, not the 30 s ones
        Assert.InRange(range.High, 700, 800);
        Assert.InRange(range.Low, 580, 640);
        Assert.Equal(7, range.Above);
        Assert.Equal(0, range.Below);
        Assert.Null(range.BelowLabel);
        Assert.Matches(@"^7 step times above 7\d\d ms not shown at scale \(up to 30\.1 s\)$", range.AboveLabel);
        // each run marks its own, at their steps
        Assert.Equal([250.0, 500, 750], Line(time, "base").ClippedAbove);
        Assert.Equal([250.0, 500, 750, 900], Line(time, "ckpt").ClippedAbove);
        // the limits the writers draw are the clipped range, not the pauses
        Assert.Equal((range.Low, range.High), time.YLimits());
        // throughput drops to almost nothing in a pause: clipped from below
        var tps = Chart(charts, "metric_tokens_per_s").YRange!;
        Assert.Equal(4, tps.Below);
        Assert.StartsWith("4 values below ", tps.BelowLabel, StringComparison.Ordinal);
        // the HTML figure marks them at the edge and says so
        string html = HtmlChartWriter.Render(Chart(ComparisonCharts.For(comparison, "", HtmlChartWriter.Columns), ComparisonCharts.StepTime), "t");
        Assert.Contains("<path class=\"clipped\" data-series=\"1\"", html, StringComparison.Ordinal);
        Assert.Contains("\u25B2 7 step times above", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_every_hundred_steps_is_still_an_outlier_and_a_slower_run_never_is()
    {
        // 1% of the steps are pauses: p99.5 would land among them, Tukey's fences do not
        int[] every100 = [.. Enumerable.Range(1, 10).Select(i => i * 100)];
        var time = Chart(ComparisonCharts.For(Compare(null, ("a", Log(1000, 1, pauses: every100)), ("b", Log(1000, 2, pauses: every100))), ""),
            ComparisonCharts.StepTime);
        Assert.Equal(20, time.YRange!.Above);
        // a run twice as slow is data, not an outlier: nothing clipped
        var slower = Chart(ComparisonCharts.For(Compare(null, ("a", Log(1000, 1)), ("b", Log(1000, 2, ms: 1400))), ""), ComparisonCharts.StepTime);
        Assert.Null(slower.YRange);
        Assert.All(slower.Lines, l => Assert.Empty(l.ClippedAbove));
        var (low, high) = slower.YLimits()!.Value;
        Assert.True(low < 700 && high > 1400);
    }

    [Fact]
    public void A_loss_spike_in_one_run_is_clipped_from_the_difference_axis_but_a_regression_is_not()
    {
        var spiked = Chart(ComparisonCharts.For(Compare(null, ("base", Log(1000, 7)), ("spike", Log(1000, 3, s => s == 300 ? 5 : 0))), ""),
            ComparisonCharts.LossesDiff);
        Assert.Equal(1, spiked.YRange!.Above);
        Assert.StartsWith("1 difference above ", spiked.YRange.AboveLabel, StringComparison.Ordinal);
        Assert.EndsWith("(up to 5)", spiked.YRange.AboveLabel, StringComparison.Ordinal);
        Assert.Equal([300.0], Line(spiked, "spike vs base").ClippedAbove);
        Assert.InRange(spiked.YRange.High, 0.005, 0.05);
        // half the steps 0.012 higher is a second regime of the data, not an outlier
        Assert.Null(Chart(ComparisonCharts.For(ThreeRuns(), ""), ComparisonCharts.LossesDiff).YRange);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-0.0132, 0.0205)]
    [InlineData(612.3, 766.9)]
    [InlineData(2.0, 11.3)]
    [InlineData(5760, 6630)]
    [InlineData(1e-7, 3.3e-7)]
    public void Png_y_axes_have_seven_to_ten_round_ticks(double low, double high)
    {
        var axis = SvgAxis.Fitting(low, high, 0.05, 7, 10);
        Assert.InRange(axis.Ticks.Length, 7, 10);
        Assert.All(axis.Ticks, t => Assert.InRange(t, axis.Min, axis.Max));
        double step = axis.Ticks[1] - axis.Ticks[0];
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 });
    }

    [Fact]
    public void Png_y_axes_have_seven_to_ten_ticks_over_any_range()
    {
        var random = new Random(14);
        for (int i = 0; i < 5000; i++)
        {
            double low = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7));
            double high = low + random.NextDouble() * Math.Pow(10, random.Next(-6, 7));
            var axis = SvgAxis.Fitting(low, high, 0.05, 7, 10);
            Assert.True(axis.Ticks.Length is >= 7 and <= 10, $"{low}..{high}: {axis.Ticks.Length} ticks");
        }
    }

    [Fact]
    public void Every_png_of_a_comparison_has_seven_to_ten_y_ticks()
    {
        var charts = ComparisonCharts.For(ThreeRuns(), "");
        Assert.Equal(["losses", "losses_diff", "step_time", "metric_tokens_per_s"], charts.Select(c => c.FileStem));
        Assert.All(charts, c => Assert.InRange(PngChartWriter.YAxis(c).Ticks.Length, 7, 10));
    }

    [Fact]
    public void A_metric_only_some_runs_log_says_so_and_skips_warm_up_as_step_time_does()
    {
        var two = Compare(null, ("base", Log(200, 7)), ("fused", Log(200, 99, tps: true)));
        var charts = ComparisonCharts.For(two, "");
        var tps = Chart(charts, "metric_tokens_per_s");
        Assert.Equal("Tokens per second (only fused logs it)", tps.Title);
        Assert.Equal("Step (after warmup)", tps.XLabel);
        // the first 15 step times are warm-up: both charts start at step 16
        Assert.Equal(16, Line(Chart(charts, ComparisonCharts.StepTime), "fused").Xs[0]);
        Assert.Equal(16, Line(tps, "fused").Xs[0]);
        Assert.Equal(185, Line(tps, "fused").Xs.Length);

        var three = ComparisonCharts.For(ThreeRuns(), "");
        Assert.Equal("Tokens per second (base does not log it)", Chart(three, "metric_tokens_per_s").Title);
        var all = Compare(null, ("a", Log(50, 1, tps: true)), ("b", Log(50, 2, tps: true)));
        Assert.Equal("Tokens per second", Chart(ComparisonCharts.For(all, ""), "metric_tokens_per_s").Title);
    }

    [Fact]
    public void The_loss_chart_draws_the_baseline_widest_underneath_so_runs_that_agree_stay_visible()
    {
        var losses = Chart(ComparisonCharts.For(ThreeRuns(), ""), ComparisonCharts.Losses);
        var widths = losses.Lines.Select(l => l.Width).ToArray();
        Assert.Equal([2.5, 1.65, 0.8], widths.Select(w => Math.Round(w, 6)));
        // drawn in that order: the baseline first, so the narrower lines lie on top of it
        Assert.Equal(["base", "fused", "regressed"], losses.Lines.Select(l => l.Label));
        // other charts are not layered
        Assert.All(Chart(ComparisonCharts.For(ThreeRuns(), ""), ComparisonCharts.StepTime).Lines, l => Assert.Equal(1, l.Width));
        // in the PNG the baseline still shows around the lines drawn over it
        var (blue, green) = Pixels(PngChartWriter.Render(losses), Blue, Green);
        Assert.True(blue > 1000 && green > 1000, $"blue {blue}, green {green}: every run must show");
    }

    [Fact]
    public void Noisy_lines_of_many_points_are_drawn_without_anti_aliasing_and_smooth_curves_with_it()
    {
        var charts = ComparisonCharts.For(ThreeRuns(), "");
        bool Zigzag(string stem, string label, bool faint = false)
        {
            var chart = Chart(charts, stem);
            return PngChartWriter.Zigzag(chart.Lines.Single(l => l.Label == label && l.Faint == faint), PngChartWriter.XAxis(chart), PngChartWriter.YAxis(chart));
        }
        Assert.True(Zigzag(ComparisonCharts.StepTime, "fused"));            // ±10 ms noise over a 100 ms axis
        Assert.True(Zigzag(ComparisonCharts.LossesDiff, "fused vs base", faint: true));
        Assert.False(Zigzag(ComparisonCharts.LossesDiff, "fused vs base")); // its rolling mean is smooth
        Assert.False(Zigzag(ComparisonCharts.Losses, "base"));              // the loss curve falls from 11 to 2
        // a short line is always anti-aliased
        var shortChart = Chart(ComparisonCharts.For(Compare(null, ("a", Log(100, 1)), ("b", Log(100, 2))), ""), ComparisonCharts.StepTime);
        Assert.False(PngChartWriter.Zigzag(shortChart.Lines[0], PngChartWriter.XAxis(shortChart), PngChartWriter.YAxis(shortChart)));
    }

    [Fact]
    public void The_palette_index_of_a_run_not_in_the_comparison_is_an_error()
    {
        var comparison = ThreeRuns();
        var other = Compare(null, ("x", Log(20, 1))).Runs[0];
        Assert.Throws<ArgumentException>(() => ChartPalette.Of(comparison, other));
    }
}
