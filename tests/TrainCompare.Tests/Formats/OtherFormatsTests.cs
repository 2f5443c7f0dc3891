using System.Text;
using TrainCompare.Formats;

namespace TrainCompare.Tests.Formats;

/// <summary>Each trainer's lines as it prints them, with the noise it prints around them; and detection.</summary>
public class OtherFormatsTests
{
    private const string NanoGpt = """
        Overriding config with config/train_shakespeare_char.py:
        tokens per iteration will be: 16,384
        found vocab_size = 65 (inside data/shakespeare_char/meta.pkl)
        Initializing a new model from scratch
        number of parameters: 10.65M
        step 0: train loss 4.2874, val loss 4.2823
        iter 0: loss 4.2649, time 29618.18ms, mfu -100.00%
        iter 10: loss 3.2202, time 893.76ms, mfu 16.68%
        iter 20: loss 2.7898, time 894.50ms, mfu 16.67%
        step 250: train loss 1.9702, val loss 2.0669
        saving checkpoint to out-shakespeare-char
        iter 250: loss 2.0440, time 5012.03ms, mfu 15.01%
        """;

    private const string Llmc = """
        +-----------------------+----------------------------------------------------+
        | Parameter             | Value                                              |
        +-----------------------+----------------------------------------------------+
        | train data pattern    | dev/data/tinyshakespeare/tiny_shakespeare_train.bin |
        num_parameters: 124475904 => bytes: 248951808
        val loss 11.009130
        step    1/74 | loss 11.010749 (+nanz)| norm 15.3766 (+nanz)| lr 6.00e-06 | 2341.53 ms | -100.0% bf16 MFU | 223903 tok/s
        step    2/74 | loss 9.741032 (+0.00z)| norm 10.0939 (+0.00z)| lr 1.20e-05 | 703.17 ms | 40.0% bf16 MFU | 745604 tok/s
        step    3/74: train loss 9.241032 (703.170000 ms, 745604 tok/s)
        val loss 8.512000
        """;

    private const string Megatron = """
        using world size: 8, data-parallel size: 8, tensor-model-parallel size: 1
        > building GPT2BPETokenizer tokenizer ...
         [2026-01-01 00:00:00] iteration        1/    5000 | consumed samples:          512 | elapsed time per iteration (ms): 31000.2 | learning rate: 1.500E-06 | global batch size:   512 | lm loss: 1.094502E+01 | loss scale: 1.0 | grad norm: 12.345 | number of skipped iterations:   0 | number of nan iterations:   0 |
         [2026-01-01 00:00:01] iteration        2/    5000 | consumed samples:         1024 | elapsed time per iteration (ms): 700.2 | learning rate: 3.000E-06 | global batch size:   512 | lm loss: 5.746782E+00 | loss scale: 1.0 | grad norm: 1.234 | number of skipped iterations:   0 | number of nan iterations:   0 |
        [after training is done] datetime: 2026-01-01 00:10:00
        """;

    private const string TorchTitan = "[titan] 2026-01-01 00:00:00,000 - root - INFO - Training starts at step 1\n"
        + "[titan] 2026-01-01 00:00:01,000 - root - INFO - \u001b[31mstep:  1  \u001b[32mloss: 12.1234  \u001b[33mmemory: 10.50GiB(11.05%)  \u001b[34mtps: 1,234  \u001b[36mtflops: 12.50  \u001b[35mmfu: 1.26%\u001b[39m\n"
        + "[titan] 2026-01-01 00:00:02,000 - root - INFO - \u001b[31mstep:  2  \u001b[32mloss:  5.7679  \u001b[33mmemory: 10.50GiB(11.05%)  \u001b[34mtps: 11,568  \u001b[36mtflops: 120.50  \u001b[35mmfu: 12.19%\u001b[39m\n";

    internal static ParseResult Parse(string text, ILogFormat format) => TestLogs.Parse(text + "\n", format, bufferSize: 64);

    internal static ILogFormat Detect(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return LogFormats.Detect("log.txt", stream).Format;
    }

    [Fact]
    public void Detection_looks_past_a_long_preamble_and_estimates_from_what_it_read()
    {
        // 300 KiB of model printout before the first step: the first 256 KiB hold no step line, so detection
        // reads the whole 4 MiB sample and still picks the format
        string preamble = string.Concat(Enumerable.Repeat("  (mlp): Linear(in_features=768, out_features=3072, bias=True)\n", 300 * 1024 / 64));
        Assert.Same(NanoGptFormat.Instance, Detect(preamble + NanoGpt));
        // a plain log is decided on its first 256 KiB, and the size estimate scales from there
        string log = TestLogs.Log(20_000, s => 1.0 / s, _ => 100);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(log));
        var detection = LogFormats.Detect("log.txt", stream);
        Assert.Same(TtTrainFormat.Instance, detection.Format);
        Assert.Equal(LogFormats.FirstDetectionBytes, detection.SampleBytes);
        Assert.InRange(detection.ExpectedObservations, 20_000, 22_000);
    }

    [Fact]
    public void NanoGpt_iterations_and_evaluations()
    {
        var log = Parse(NanoGpt, NanoGptFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [0, 10, 20, 250], [4.2649, 3.2202, 2.7898, 2.0440]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [0, 10, 20, 250], [29618.18, 893.76, 894.50, 5012.03]);
        TestLogs.AssertColumn(log, Metrics.MfuPercent, [10, 20, 250], [16.68, 16.67, 15.01]); // -100 is "no estimate yet"
        TestLogs.AssertColumn(log, Metrics.EvalTrainLoss, [0, 250], [4.2874, 1.9702]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [0, 250], [4.2823, 2.0669]);
        Assert.Same(NanoGptFormat.Instance, Detect(NanoGpt));
    }

    [Fact]
    public void Llmc_both_step_forms_and_val_loss()
    {
        var log = Parse(Llmc, LlmcFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 3], [11.010749, 9.741032, 9.241032]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2, 3], [2341.53, 703.17, 703.17]);
        TestLogs.AssertColumn(log, Metrics.TokensPerSecond, [1, 2, 3], [223903, 745604, 745604]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [1, 2], [15.3766, 10.0939]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [1, 2], [6.00e-06, 1.20e-05]);
        TestLogs.AssertColumn(log, Metrics.MfuPercent, [2], [40.0]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [3], [8.512]); // the first val loss comes before any step
        Assert.Same(LlmcFormat.Instance, Detect(Llmc));
    }

    [Fact]
    public void Megatron_iterations()
    {
        var log = Parse(Megatron, MegatronFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [10.94502, 5.746782]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2], [31000.2, 700.2]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [1, 2], [1.5e-06, 3e-06]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [1, 2], [12.345, 1.234]);
        Assert.Same(MegatronFormat.Instance, Detect(Megatron));
    }

    [Fact]
    public void TorchTitan_with_colours_and_thousands_separators()
    {
        var log = Parse(TorchTitan, TorchTitanFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [12.1234, 5.7679]);
        TestLogs.AssertColumn(log, Metrics.TokensPerSecond, [1, 2], [1234, 11568]);
        TestLogs.AssertColumn(log, Metrics.Tflops, [1, 2], [12.5, 120.5]);
        TestLogs.AssertColumn(log, Metrics.MfuPercent, [1, 2], [1.26, 12.19]);
        TestLogs.AssertColumn(log, Metrics.MemoryGiB, [1, 2], [10.5, 10.5]);
        Assert.Empty(TestLogs.Column(log, Metrics.StepTimeMs).Steps);
        Assert.Equal(["torchtitan logs throughput (tps, tflops, mfu), not step time: no step-time statistics for this run"], log.Notes);
        Assert.Same(TorchTitanFormat.Instance, Detect(TorchTitan));
    }

    [Fact]
    public void A_format_that_reads_no_loss_and_no_step_time_gives_way_to_the_next_best()
    {
        // nanoGPT's evaluation lines alone (as llama2.c prints them between its own step lines): nanoGPT's parser reads
        // them as eval_train_loss and val_loss, no loss; llm.c's reads their train loss as the loss
        string text = string.Concat(Enumerable.Range(1, 20).Select(i => $"step {i * 250}: train loss 2.5, val loss 2.6\n"));
        var detection = LogFormats.DetectAmong("evals.log", Encoding.UTF8.GetBytes(text), whole: true, null,
            [NanoGptFormat.Instance, LlmcFormat.Instance, JsonLinesFormat.Instance]);
        Assert.Same(LlmcFormat.Instance, detection.Format);
        Assert.Equal("format nanogpt recognized 20 lines in the first 797 bytes but read no loss and no step time from them: read as llmc; --format picks one",
            detection.CloseCall);
        Assert.Equal([NanoGptFormat.Instance], detection.Alternatives);

        // more lines of nanoGPT's evaluations than jsonl's training lines: still the jsonl lines are read
        string mixed = text + "{\"step\": 1, \"loss\": 3.5}\n{\"step\": 2, \"loss\": 3.25}\n";
        var only = LogFormats.DetectAmong("mixed.log", Encoding.UTF8.GetBytes(mixed), whole: true, null, [NanoGptFormat.Instance, JsonLinesFormat.Instance]);
        Assert.Same(JsonLinesFormat.Instance, only.Format);
        Assert.Equal([NanoGptFormat.Instance], only.Alternatives);
    }

    [Fact]
    public void Of_two_formats_reading_the_same_lines_the_one_that_explains_more_of_each_line_wins()
    {
        // lines like modded-nanogpt's without the "/total": torchtitan's parser takes them (step:N ... loss:X) and
        // reads one value a line; a format reading the train loss and step_avg reads two. Measure: values read per
        // recognized line, among the formats that recognized at least 90% as many lines as the most
        const string text = """
            step:1 train_loss:10.8258 train_time:0ms step_avg:nanms
            step:2 train_loss:10.4321 train_time:210ms step_avg:210.00ms
            step:3 train_loss:9.9876 train_time:420ms step_avg:210.00ms
            step:4 train_loss:9.5432 train_time:631ms step_avg:210.33ms

            """;
        var modded = new RegexFormat([MetricPattern.Parse("--pattern", @"step=^step:(\d+) "), MetricPattern.Parse("--pattern", @"loss=train_loss:([0-9.]+)"),
            MetricPattern.Parse("--pattern", @"step_time=step_avg:([0-9.]+)ms")], "ms");
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var detection = LogFormats.DetectAmong("modded.log", bytes, whole: true, null, [TorchTitanFormat.Instance, modded]);
        Assert.Same(modded, detection.Format);
        Assert.Equal("format regex chosen over torchtitan: they read the same lines (4 against 4 recognized in the first 237 bytes), "
                     + "regex more of each (1.8 against 1 values a line); --format picks one", detection.CloseCall);
        // alone, torchtitan still takes them
        Assert.Same(TorchTitanFormat.Instance, LogFormats.Detect("modded.log", bytes, whole: true, null).Format);
    }

    [Fact]
    public void A_close_call_between_formats_is_said()
    {
        // nanoGPT's training lines, and nearly as many JSON lines: both read losses
        string text = string.Concat(Enumerable.Range(1, 10).Select(i => $"iter {i * 10}: loss 3.2202, time 893.76ms, mfu 16.68%\n"))
                      + string.Concat(Enumerable.Range(1, 9).Select(i => $"{{\"step\": {i}, \"loss\": 2.5}}\n"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var detection = LogFormats.Detect("mixed.log", stream);
        Assert.Same(NanoGptFormat.Instance, detection.Format);
        Assert.Equal("format nanogpt chosen over jsonl (10 against 9 lines recognized in the first 706 bytes); --format picks one", detection.CloseCall);
        using var clear = new MemoryStream(Encoding.UTF8.GetBytes(NanoGpt));
        Assert.Null(LogFormats.Detect("nano.log", clear).CloseCall);
    }

    [Fact]
    public void Json_lines_with_times_in_the_unit_their_name_gives_or_their_values_suggest()
    {
        const string text = """
            {"event": "start", "config": {"lr": 0.001, "layers": [1, 2]}}
            {"step": 1, "loss": 4.25, "dt": 0.7012, "lr": 0.001, "grad_norm": 1.5, "note": "warm"}
            {"step": 2, "train/loss": 4.0, "dt": 0.7, "tokens_per_sec": 5000}
            not json at all
            {"iter": 3, "loss": 3.75, "dt": 0.69, "custom_metric": 7}
            """;
        var log = Parse(text, JsonLinesFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 3], [4.25, 4.0, 3.75]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2, 3], [701.2, 700, 690]); // dt is seconds
        TestLogs.AssertColumn(log, Metrics.LearningRate, [1], [0.001]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [1], [1.5]);
        TestLogs.AssertColumn(log, Metrics.TokensPerSecond, [2], [5000]);
        TestLogs.AssertColumn(log, "custom_metric", [3], [7]);
        Assert.Empty(log.Notes);
        Assert.Same(JsonLinesFormat.Instance, Detect(text));

        var inferred = Parse("{\"step\": 1, \"loss\": 2, \"time\": 0.5}\n{\"step\": 2, \"loss\": 1, \"time\": 0.6}\n{\"step\": 1, \"loss\": 2, \"elapsed\": 650}", JsonLinesFormat.Instance);
        TestLogs.AssertColumn(inferred, Metrics.StepTimeMs, [1, 2, 1], [500, 600, 650]);
        Assert.Equal(["'time' read as seconds (its name gives no unit; the first value is 0.5)",
            "'elapsed' read as milliseconds (its name gives no unit; the first value is 650)"], inferred.Notes);
    }

    [Fact]
    public void Lightning_metrics_csv_with_empty_cells_and_a_generic_csv()
    {
        const string lightning = """
            epoch,step,train_loss_step,val_loss,lr-AdamW
            0,49,2.5,,0.001
            0,99,2.25,,0.001
            0,99,,2.4,
            1,149,2.0,,0.0009
            """;
        var log = Parse(lightning, CsvFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [49, 99, 149], [2.5, 2.25, 2.0]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [99], [2.4]);
        TestLogs.AssertColumn(log, "lr-AdamW", [49, 99, 149], [0.001, 0.001, 0.0009]);
        Assert.Same(CsvFormat.Instance, Detect(lightning));

        const string generic = "# exported\n\"step\",\"loss\",\"step_time_ms\",\"note, with comma\"\n1,3.5,700.5,\"a, b\"\n2,3.25,690,x\n";
        var g = Parse(generic, CsvFormat.Instance);
        TestLogs.AssertColumn(g, Metrics.Loss, [1, 2], [3.5, 3.25]);
        TestLogs.AssertColumn(g, Metrics.StepTimeMs, [1, 2], [700.5, 690]);
        Assert.Same(CsvFormat.Instance, Detect(generic));
        Assert.Empty(TestLogs.Column(Parse("a,b,c\n1,2,3\n", CsvFormat.Instance), Metrics.Loss).Steps);
    }

    [Fact]
    public void Keras_csv_logger_training_log_has_the_epoch_as_its_x_axis()
    {
        // tf.keras.callbacks.CSVLogger("training.log"), as Keras 2 and 3 write it
        const string keras2 = """
            epoch,acc,loss,val_acc,val_loss
            0,0.8123,0.5934,0.8876,0.3812
            1,0.9017,0.3211,0.9102,0.2987
            2,0.9234,0.2645,0.9188,0.2701
            """;
        var log = Parse(keras2, CsvFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [0, 1, 2], [0.5934, 0.3211, 0.2645]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [0, 1, 2], [0.3812, 0.2987, 0.2701]);
        TestLogs.AssertColumn(log, "acc", [0, 1, 2], [0.8123, 0.9017, 0.9234]);
        Assert.Empty(TestLogs.Column(log, "epoch").Steps);
        Assert.Equal(["no step column: the 'epoch' column is the x axis (each step is an epoch)"], log.Notes);
        Assert.Same(CsvFormat.Instance, Detect(keras2));

        const string keras3 = "epoch,accuracy,learning_rate,loss,val_accuracy,val_loss\r\n0,0.8123,0.001,0.5934,0.8876,0.3812\r\n1,0.9017,0.001,0.3211,0.9102,0.2987\r\n";
        var k3 = Parse(keras3, CsvFormat.Instance);
        TestLogs.AssertColumn(k3, Metrics.Loss, [0, 1], [0.5934, 0.3211]);
        TestLogs.AssertColumn(k3, Metrics.LearningRate, [0, 1], [0.001, 0.001]);

        // with a step column, the epoch stays what it was: not read
        var lightning = Parse("epoch,step,loss\n0,10,2.5\n", CsvFormat.Instance);
        TestLogs.AssertColumn(lightning, Metrics.Loss, [10], [2.5]);
        Assert.Empty(lightning.Notes);
    }

    [Fact]
    public void Hugging_face_stdout_dicts_numbered_by_logging_order()
    {
        const string text = """
              0%|          | 0/500 [00:00<?, ?it/s]
            {'loss': 2.3412, 'grad_norm': 1.2345, 'learning_rate': 5e-05, 'epoch': 0.1}
             10%|█         | 50/500 [00:10<01:30,  4.98it/s]
            {'loss': 1.9876, 'grad_norm': 0.9876, 'learning_rate': 4.5e-05, 'epoch': 0.2}
            {'eval_loss': 1.8765, 'eval_runtime': 3.21, 'eval_samples_per_second': 100.0, 'epoch': 0.2}
            {'train_runtime': 120.5, 'train_samples_per_second': 33.2, 'train_loss': 2.1, 'epoch': 1.0}
            """;
        var log = Parse(text, HuggingFaceFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [2.3412, 1.9876]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [1, 2], [1.2345, 0.9876]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [1, 2], [5e-05, 4.5e-05]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [2], [1.8765]);
        Assert.Empty(TestLogs.Column(log, "epoch").Steps);
        Assert.Contains("numbered by logging order", Assert.Single(log.Notes), StringComparison.Ordinal);
        Assert.Same(HuggingFaceFormat.Instance, Detect(text));
    }

    [Fact]
    public void Hugging_face_stdout_dicts_with_values_printed_as_strings()
    {
        // transformers and TRL now print the logged values as strings
        const string text = """
            {'loss': '3.41', 'grad_norm': '1.2', 'learning_rate': '5e-05', 'epoch': '0.1'}
             20%|██        | 100/500 [00:20<01:20,  4.98it/s]
            {'loss': '2.987', 'grad_norm': '0.9876', 'learning_rate': '4.5e-05', 'num_tokens': '1.024e+05', 'mean_token_accuracy': '0.6123', 'epoch': '0.2'}
            {'eval_loss': '2.8765', 'eval_runtime': '3.21', 'eval_samples_per_second': '100', 'epoch': '0.2'}
            {'model': 'gpt2', 'loss': 'n/a'}
            {'train_runtime': '120.5', 'train_samples_per_second': '33.2', 'train_steps_per_second': '4.15', 'train_loss': '3.1', 'epoch': '1'}
            """;
        var log = Parse(text, HuggingFaceFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [3.41, 2.987]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [1, 2], [1.2, 0.9876]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [1, 2], [5e-05, 4.5e-05]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [2], [2.8765]);
        TestLogs.AssertColumn(log, "num_tokens", [2], [102400]);
        Assert.Empty(TestLogs.Column(log, "epoch").Steps);
        Assert.Same(HuggingFaceFormat.Instance, Detect(text));
    }

    [Fact]
    public void Hugging_face_stdout_dicts_that_carry_their_step_are_read_at_it()
    {
        const string text = """
            {'loss': 2.3412, 'grad_norm': 1.2345, 'learning_rate': 5e-05, 'epoch': 0.1, 'step': 50}
            {'loss': '1.9876', 'grad_norm': '0.9876', 'learning_rate': '4.5e-05', 'epoch': '0.2', 'step': '100'}
            {'eval_loss': 1.8765, 'eval_runtime': 3.21, 'epoch': 0.2}
            {'eval_loss': 1.7, 'epoch': 0.4, 'step': 200}
            """;
        var log = Parse(text, HuggingFaceFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [50, 100], [2.3412, 1.9876]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [100, 200], [1.8765, 1.7]);
        Assert.Empty(TestLogs.Column(log, "step").Steps);
        Assert.Empty(log.Notes); // nothing numbered by order
    }

    [Fact]
    public void Hugging_face_trainer_state_json_with_its_steps()
    {
        const string text = """
            {
              "best_metric": null,
              "epoch": 1.0,
              "global_step": 20,
              "log_history": [
                {
                  "epoch": 0.5,
                  "grad_norm": 1.5,
                  "learning_rate": 5e-05,
                  "loss": 2.25,
                  "step": 10
                },
                {
                  "epoch": 1.0,
                  "eval_loss": 2.0,
                  "eval_runtime": 1.5,
                  "step": 20
                },
                {
                  "epoch": 1.0,
                  "learning_rate": 4e-05,
                  "loss": 2.0,
                  "step": 20
                }
              ],
              "max_steps": 20
            }
            """;
        var log = Parse(text, HuggingFaceFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [10, 20], [2.25, 2.0]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [20], [2.0]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [10], [1.5]);
        Assert.Empty(log.Notes);
        Assert.Same(HuggingFaceFormat.Instance, Detect(text));
    }

    [Fact]
    public void Tt_train_is_still_detected_among_them()
        => Assert.Same(TtTrainFormat.Instance, Detect("Step: 1, Loss: 3.5, Time: 700 ms\nStep: 2, Loss: 3.4, Time: 700 ms\n"));

    [Fact]
    public void Formats_do_not_take_each_others_lines()
    {
        (string, ILogFormat)[] samples = [(NanoGpt, NanoGptFormat.Instance), (Llmc, LlmcFormat.Instance), (Megatron, MegatronFormat.Instance), (TorchTitan, TorchTitanFormat.Instance),
            .. TrainerStdoutFormatsTests.Samples, .. TrainerStdoutTests.Samples];
        foreach (var (text, owner) in samples)
        {
            // the one real overlap: nanoGPT's evaluation lines ("step 250: train loss ..."), which llama2.c prints too,
            // read as llm.c's older form
            foreach (var other in LogFormats.All.Where(f => f != owner
                         && !(owner == NanoGptFormat.Instance && f == LlmcFormat.Instance) && !(owner == Llama2cFormat.Instance && f == LlmcFormat.Instance)))
            {
                Assert.Empty(TestLogs.Column(Parse(text, other), Metrics.Loss).Steps);
            }
        }
    }
}
