namespace TrainCompare.Tests.EndToEnd;

public sealed class FormatsTests() : TempDirectory("traincmp-formats-")
{

    private static string NanoGpt(double time) => "number of parameters: 10.65M\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
        FormattableString.Invariant($"iter {i * 10}: loss {4.0 - i * 0.03:F4}, time {time + i % 3:F2}ms, mfu 16.{i % 10}0%\n")));

    [Fact]
    public void NanoGpt_logs_compare_and_the_run_line_names_the_format()
    {
        var r = Traincmp.Run(Dir, "--baseline", Write("base.log", NanoGpt(900)), "--compare", Write("fast.log", NanoGpt(850)), "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("base: 60 loss values, 60 step times", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("format nanogpt", r.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"fast\s+1\.0\d\dx\s+1\.0\d\dx", r.Stdout);
    }

    [Fact]
    public void A_llama2c_log_is_read_as_llama2c_not_as_nanogpt()
    {
        static string Log(double time) => "step 0: train loss 10.3768, val loss 10.3791\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
            FormattableString.Invariant($"{i} | loss {4.0 - i * 0.03:F4} | lr 5.000000e-04 | {time + i % 3:F2}ms | mfu 12.{i % 10}0%\n")));
        var r = Traincmp.Run(Dir, "--baseline", Write("base.log", Log(400)), "--compare", Write("fast.log", Log(380)), "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("base: 60 loss values, 60 step times", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("format llama2c", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_can_be_chosen_and_a_wrong_or_unknown_choice_is_an_error()
    {
        string log = Write("base.log", NanoGpt(900));
        var ok = Traincmp.Run(Dir, "--baseline", log, "--format", "nanogpt", "--output-dir", "out");
        Assert.True(ok.ExitCode == 0, ok.Stderr);

        var wrong = Traincmp.Run(Dir, "--baseline", log, "--format", "megatron", "--output-dir", "out2");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal($"traincmp: error: {log}: no megatron step lines (chosen with --format); first non-empty line: \"number of parameters: 10.65M\"", wrong.Stderr.TrimEnd('\n'));

        var unknown = Traincmp.Run(Dir, "--baseline", log, "--format", "nosuchformat", "--output-dir", "out3");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("traincmp: error: --format: unknown format 'nosuchformat' (known: auto, tt-train, nanogpt, llmc, megatron, torchtitan, ", unknown.Stderr, StringComparison.Ordinal);
        string known = unknown.Stderr.Split('\n')[0];
        Assert.All(TrainCompare.Formats.LogFormats.All, f => Assert.Contains($" {f.Name},", known, StringComparison.Ordinal));
        Assert.Contains(", tensorboard)", known, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("modded-nanogpt", "modded-nanogpt", "differences of train_time")]
    [InlineData("keras", "keras", "the x axis is the epoch")]
    [InlineData("mlx-lm", "mlx-lm", "1000 / It/sec")]
    [InlineData("fairseq", "fairseq", "1000 / ups")]
    [InlineData("fairseq-json", "fairseq", "1000 / ups")]
    public void Trainer_stdout_logs_are_detected_and_the_run_line_says_where_step_times_come_from(string generator, string format, string note)
    {
        string baseline = Write("base.log", System.Text.Encoding.UTF8.GetString(Properties.FuzzTests.Generate(generator, new Random(1))));
        string compare = Write("other.log", System.Text.Encoding.UTF8.GetString(Properties.FuzzTests.Generate(generator, new Random(2))));
        var r = Traincmp.Run(Dir, "--baseline", baseline, "--compare", compare, "--output-dir", "out", "--plots", "none");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"format {format}", r.Stdout, StringComparison.Ordinal);
        Assert.Contains(note, r.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"base: [1-9][0-9]* loss values, [1-9][0-9]* step times", r.Stdout);
    }

    [Fact]
    public void Current_hugging_face_stdout_keras_csv_and_prefixed_json_times_compare()
    {
        // transformers/TRL's stdout with values as strings and the trainer's step; Keras' CSVLogger training.log
        string hf = Write("hf.log", "***** Running training *****\n" + string.Concat(Enumerable.Range(1, 12).Select(i =>
            FormattableString.Invariant($"{{'loss': '{3.5 - i * 0.05:F4}', 'grad_norm': '1.2', 'learning_rate': '5e-05', 'epoch': '{i * 0.1:F1}', 'step': {i * 10}}}\n"))));
        string keras = Write("training.log", "epoch,acc,loss,val_acc,val_loss\n" + string.Concat(Enumerable.Range(0, 12).Select(i =>
            FormattableString.Invariant($"{i},0.{80 + i},{3.45 - i * 0.05:F4},0.{79 + i},{3.5 - i * 0.05:F4}\n"))));
        string jsonl = Write("metrics.jsonl", string.Concat(Enumerable.Range(1, 12).Select(i =>
            FormattableString.Invariant($"{{\"step\": {i * 10}, \"train/loss\": {3.5 - i * 0.05:F4}, \"train/step_time_s\": 0.{700 + i % 3}}}\n"))));
        var r = Traincmp.Run(Dir, "--baseline", jsonl, "--compare", hf, keras, "--labels", "json", "hf", "keras", "--output-dir", "out", "--no-plots");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("json: 12 loss values, 12 step times", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("hf: 12 loss values", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("keras: 12 loss values", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("no step column: the 'epoch' column is the x axis (each step is an epoch)", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("numbered by logging order", r.Stdout, StringComparison.Ordinal);
    }
}
