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
    public void Format_can_be_chosen_and_a_wrong_or_unknown_choice_is_an_error()
    {
        string log = Write("base.log", NanoGpt(900));
        var ok = Traincmp.Run(Dir, "--baseline", log, "--format", "nanogpt", "--output-dir", "out");
        Assert.True(ok.ExitCode == 0, ok.Stderr);

        var wrong = Traincmp.Run(Dir, "--baseline", log, "--format", "megatron", "--output-dir", "out2");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Equal($"traincmp: error: {log}: no megatron step lines (chosen with --format); first non-empty line: \"number of parameters: 10.65M\"", wrong.Stderr.TrimEnd('\n'));

        var unknown = Traincmp.Run(Dir, "--baseline", log, "--format", "fairseq", "--output-dir", "out3");
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("traincmp: error: --format: unknown format 'fairseq' (known: auto, tt-train, nanogpt, llmc, megatron, torchtitan, jsonl, csv, hf, tensorboard)", unknown.Stderr, StringComparison.Ordinal);
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
