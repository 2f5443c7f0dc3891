using System.Text;
using TrainCompare.Formats;

namespace TrainCompare.Tests.Formats;

/// <summary>JSON lines and CSV as trainers and tools really write them: non-finite values, two keys for one metric, bad text, BOMs, quoted line ends.</summary>
public class StructuredInputTests
{
    private static ParseResult Parse(string text, ILogFormat format) => TestLogs.Parse(text + "\n", format, bufferSize: 64);

    private static ILogFormat Detect(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return LogFormats.Detect("log.txt", stream).Format;
    }

    [Fact]
    public void Pythons_NaN_and_infinities_are_read_as_non_finite_losses()
    {
        // what json.dumps writes for float('nan') and float('inf')
        const string text = """
            {"step": 1, "loss": 2.5, "lr": 0.001}
            {"step": 2, "loss": NaN, "lr": 0.001}
            {"step": 3, "loss": Infinity, "grad_norm": -Infinity, "note": "NaN is fine in a string, Infinity too"}
            {"step": 4, "loss": [NaN, 1], "val_loss": 2}
            """;
        var log = Parse(text, JsonLinesFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 3], [2.5, double.NaN, double.PositiveInfinity]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [3], [double.NegativeInfinity]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [4], [2]);
        Assert.Equal(4, log.RecognizedLines);
        Assert.Same(JsonLinesFormat.Instance, Detect(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_string_value_that_looks_like_the_mark_is_not_a_number()
    {
        var log = Parse("{\"step\": 1, \"loss\": 1, \"x\": \"\\u0000NaN\", \"NaNcy\": 3}", JsonLinesFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1], [1]);
        Assert.True(log.Columns.ContainsKey("NaNcy"));
        Assert.False(log.Columns.ContainsKey("x")); // a string, not a number
    }

    [Fact]
    public void One_key_per_metric_by_priority_and_the_run_line_says_which()
    {
        const string text = """
            {"step": 1, "train/loss": 9.0, "loss": 4.0, "learning_rate": 0.5, "lr": 0.001}
            {"step": 2, "loss": 3.5, "train/loss": 8.0, "lr": 0.001, "learning_rate": 0.5}
            {"step": 3, "train/loss": 3.0}
            """;
        var log = Parse(text, JsonLinesFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 3], [4.0, 3.5, 3.0]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [1, 2], [0.001, 0.001]);
        Assert.Equal(["loss read from 'loss'; 'train/loss' on the same lines ignored (one key per metric, by priority)",
            "lr read from 'lr'; 'learning_rate' on the same lines ignored (one key per metric, by priority)"], log.Notes);
        var run = TrainCompare.Runs.RunLoader.Build(new TrainCompare.Runs.RunSpec("r", "r.jsonl"), "jsonl", log.Log, log.Parser);
        Assert.DoesNotContain(run.Findings.Messages(), w => w.Contains("printed again", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_that_are_not_valid_text_are_ignored_and_crash_nothing()
    {
        byte[] invalidUtf8 = [.. "{\"step\": 1, \"l"u8, 0xff, 0xfe, .. "ss\": 7, \"loss\": 2}\n"u8];
        byte[] loneSurrogate = "{\"step\": 2, \"k\\ud800\": 1, \"loss\": 1}\n"u8.ToArray();
        byte[] bothInTtTrain = [.. "Step: 1, Loss: 3, Time: 700 ms\nStep: 2, Loss: 3, Time: 700 ms\n"u8, .. invalidUtf8, .. loneSurrogate, .. "Step: 3, Loss: 2, Time: 700 ms\n"u8];
        var log = TestLogs.Parse([.. invalidUtf8, .. loneSurrogate], JsonLinesFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [2, 1]);
        Assert.Single(log.Columns);
        Assert.Same(TtTrainFormat.Instance, Detect(bothInTtTrain)); // detection runs the JSON parser on every line
    }

    [Fact]
    public void A_json_step_past_two_to_the_53_is_exact_and_one_past_a_long_is_counted()
    {
        var log = Parse("{\"step\": 12345678901234567, \"loss\": 1}\n{\"step\": 123456789012345678901, \"loss\": 2}", JsonLinesFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [12345678901234567L], [1]);
        Assert.Equal(1, log.Log.StepsOutOfRange);
    }

    [Fact]
    public void A_csv_with_a_byte_order_mark_is_read()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "step,loss,step_time_ms\n1,3.5,700\n2,3.25,690\n"u8];
        var log = TestLogs.Parse(bytes, CsvFormat.Instance, everyLine: true);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [3.5, 3.25]);
        Assert.Same(CsvFormat.Instance, Detect(bytes));
    }

    [Fact]
    public void A_quoted_line_end_inside_a_csv_cell_keeps_its_row()
    {
        const string text = "step,loss,note\n1,3.5,\"first line\nsecond line, with comma\"\n2,3.25,\"say \"\"hi\"\"\"\n3,3.0,plain\n";
        var log = TestLogs.Parse(text, CsvFormat.Instance, everyLine: true);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 3], [3.5, 3.25, 3.0]);
    }

    [Fact]
    public void A_csv_row_with_two_loss_columns_reads_the_first_in_priority()
    {
        var log = TestLogs.Parse("step,train_loss,loss\n1,9,4\n2,8,\n", CsvFormat.Instance, everyLine: true);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [4, 8]);
        Assert.Equal(["loss read from 'loss'; 'train_loss' on the same lines ignored (one key per metric, by priority)"], log.Notes);
    }

    [Fact]
    public void A_time_key_under_a_prefix_takes_its_unit_from_its_suffix()
    {
        // wandb-style and torchtitan-style prefixed keys, as trainers' JSON loggers write them
        const string text = """
            {"step": 1, "train/loss": 4.25, "train/step_time_s": 0.7012, "train/lr": 0.001}
            {"step": 2, "train/loss": 4.0, "train/step_time_s": 0.7}
            """;
        var log = Parse(text, JsonLinesFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2], [701.2, 700]);
        Assert.Empty(log.Notes);

        var timeStep = Parse("{\"step\": 10, \"loss\": 3.5, \"time/step_s\": 1.25, \"time/step_ms_data\": 3}\n{\"step\": 20, \"loss\": 3.25, \"time/step_s\": 1.5}", JsonLinesFormat.Instance);
        TestLogs.AssertColumn(timeStep, Metrics.StepTimeMs, [10, 20], [1250, 1500]);
        TestLogs.AssertColumn(timeStep, "time/step_ms_data", [10], [3]);

        // no unit in the suffix: the rule for unit-less time keys (seconds when the first value is under 20)
        var perf = Parse("{\"step\": 1, \"loss\": 3.5, \"perf/step_time\": 0.5}\n{\"step\": 2, \"loss\": 3.25, \"perf/step_time\": 0.55}", JsonLinesFormat.Instance);
        TestLogs.AssertColumn(perf, Metrics.StepTimeMs, [1, 2], [500, 550]);
        Assert.Equal(["'perf/step_time' read as seconds (its name gives no unit; the first value is 0.5)"], perf.Notes);
        var perfMs = Parse("{\"step\": 1, \"loss\": 3.5, \"perf/step_time\": 450}", JsonLinesFormat.Instance);
        TestLogs.AssertColumn(perfMs, Metrics.StepTimeMs, [1], [450]);

        // an evaluation's time is no step time; an unprefixed key comes before a prefixed one
        var eval = Parse("{\"step\": 1, \"loss\": 3.5, \"eval/time_s\": 30, \"val/step_time\": 9}", JsonLinesFormat.Instance);
        Assert.Empty(TestLogs.Column(eval, Metrics.StepTimeMs).Steps);
        TestLogs.AssertColumn(eval, "eval/time_s", [1], [30]);
        var both = Parse("{\"step\": 1, \"loss\": 3.5, \"train/step_time_s\": 0.9, \"step_time_ms\": 700}", JsonLinesFormat.Instance);
        TestLogs.AssertColumn(both, Metrics.StepTimeMs, [1], [700]);
        Assert.Equal(["step_time_ms read from 'step_time_ms'; 'train/step_time_s' on the same lines ignored (one key per metric, by priority)"], both.Notes);

        // the same in a CSV header
        var csv = TestLogs.Parse("step,train/loss,train/step_time_s\n1,4.25,0.7\n", CsvFormat.Instance, everyLine: true);
        TestLogs.AssertColumn(csv, Metrics.StepTimeMs, [1], [700]);
    }
}
