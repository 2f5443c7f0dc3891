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
        Assert.DoesNotContain(run.Warnings, w => w.Contains("printed again", StringComparison.Ordinal));
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
}
