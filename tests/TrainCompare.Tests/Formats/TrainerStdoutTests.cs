using System.Text;
using TrainCompare.Formats;

namespace TrainCompare.Tests.Formats;

/// <summary>
/// llama2.c, LLMs-from-scratch, LitGPT, PyTorch Lightning's progress bar, torchtune and OLMo: each trainer's
/// lines as it prints them, with the noise it prints around them; and detection.
/// </summary>
public class TrainerStdoutTests
{
    internal const string Llama2c = """
        Overriding: max_seq_len = 256
        tokens per iteration will be: 131,072
        breaks down as: 4 grad accum steps * 1 processes * 128 batch size * 256 max seq len
        Initializing a new model from scratch
        num decayed parameter tensors: 43, with 15,187,968 parameters
        num non-decayed parameter tensors: 13, with 3,744 parameters
        using fused AdamW: True
        compiling the model... (takes a ~minute)
        step 0: train loss 10.3768, val loss 10.3791
        0 | loss 10.3767 | lr 0.000000e+00 | 32519.41ms | mfu -100.00%
        1 | loss 10.3522 | lr 5.000000e-07 | 412.66ms | mfu -100.00%
        2 | loss 10.2971 | lr 1.000000e-06 | 398.12ms | mfu -100.00%
        5 | loss 9.8725 | lr 2.500000e-06 | 401.50ms | mfu 12.34%
        step 2000: train loss 2.1234, val loss 2.2345
        saving checkpoint to out
        wrote out/model.bin
        2000 | loss 2.1102 | lr 4.990000e-04 | 5012.03ms | mfu 12.01%
        """;

    internal const string LlmsFromScratch = """
        Ep 1 (Step 000000): Train loss 9.817, Val loss 9.924
        Ep 1 (Step 000005): Train loss 8.066, Val loss 8.332
        Every effort moves you,,,,,,,,,,,,.
        Ep 2 (Step 000010): Train loss 6.619, Val loss 7.042
        Every effort moves you, and, and, and, and, and, and, and, and, and, and.
        Training completed in 0.74 minutes.
        """;

    internal const string LitGpt = """
        {'checkpoint_dir': PosixPath('checkpoints/EleutherAI/pythia-160m'), 'precision': 'bf16-true'}
        Seed set to 1337
        Number of trainable parameters: 811,008
        The longest sequence length in the train data is 1305, the model's maximum sequence length is 1305 and context length is 2048
        Verifying settings ...
        Epoch 1 | iter 1 step 0 | loss train: 2.731, val: n/a | iter time: 312.45 ms
        Epoch 1 | iter 2 step 0 | loss train: 2.702, val: n/a | iter time: 101.20 ms
        Epoch 1 | iter 3 step 0 | loss train: 2.688, val: n/a | iter time: 99.87 ms
        Epoch 1 | iter 4 step 1 | loss train: 2.650, val: n/a | iter time: 102.33 ms (step)
        Epoch 1 | iter 5 step 1 | loss train: 2.641, val: n/a | iter time: 98.10 ms
        Epoch 1 | iter 8 step 2 | loss train: 2.543, val: 2.601 | iter time: 100.02 ms (step)
        Validating ...
        iter 8: val loss 2.6010, val time: 1234.56 ms
        Training time: 12.34s
        Memory used: 6.12 GB
        """;

    internal const string Lightning = "GPU available: True (cuda), used: True\n"
        + "TPU available: False, using: 0 TPU cores\n"
        + "LOCAL_RANK: 0 - CUDA_VISIBLE_DEVICES: [0]\n"
        + "\n  | Name  | Type | Params\n-------------------------------\n0 | model | GPT  | 10.7 M\n-------------------------------\n"
        + "10.7 M    Trainable params\n"
        + "Sanity Checking DataLoader 0: 100%|██████████| 2/2 [00:00<00:00, 10.00it/s]\r"
        + "Epoch 0:   0%|          | 0/4 [00:00<?, ?it/s] \r"
        + "Epoch 0:  25%|██▌       | 1/4 [00:01<00:03,  1.02it/s, v_num=0, train_loss=4.560]\r"
        + "Epoch 0:  50%|█████     | 2/4 [00:01<00:01,  1.50it/s, v_num=0, train_loss=4.210]\r"
        + "Epoch 0:  50%|█████     | 2/4 [00:01<00:01,  1.50it/s, v_num=0, train_loss=4.200]\r"
        + "Epoch 0: 100%|██████████| 4/4 [00:02<00:00,  1.80it/s, v_num=0, train_loss=3.900]\n"
        + "Validation: 0it [00:00, ?it/s]\rValidation DataLoader 0: 100%|██████████| 2/2 [00:00<00:00, 20.00it/s]\r"
        + "Epoch 0: 100%|██████████| 4/4 [00:02<00:00,  1.80it/s, v_num=0, train_loss=3.900, val_loss=3.950]\r"
        + "Epoch 1:  25%|██▌       | 1/4 [00:01<00:03,  1.20s/it, v_num=0, train_loss=3.700, val_loss=3.950]\n"
        + "`Trainer.fit` stopped: `max_epochs=2` reached.\n";

    internal const string Torchtune = "INFO:torchtune.utils._logging:Running FullFinetuneRecipeSingleDevice with resolved config:\n"
        + "batch_size: 2\nepochs: 1\n"
        + "INFO:torchtune.utils._logging:Model is initialized with precision torch.bfloat16.\n"
        + "  0%|          | 0/3 [00:00<?, ?it/s]\r"
        + "1|1|Loss: 2.3412:  33%|███▎      | 1/3 [00:01<00:02,  1.25s/it]\r"
        + "1|1|Loss: 2.3412:  33%|███▎      | 1/3 [00:01<00:02,  1.25s/it]\r"
        + "1|2|Loss: 2.1105:  67%|██████▋   | 2/3 [00:02<00:01,  1.10it/s]\r"
        + "1|3|Loss: 1.9876: 100%|██████████| 3/3 [00:03<00:00,  1.20it/s]\n"
        + "Step 3 | loss:1.9876 lr:2e-05 tokens_per_second_per_gpu:1234.5 peak_memory_active:12.3 \n"
        + "Step 4 | loss:1.95 lr:1.9e-05 grad_norm:0.87 \n"
        + "INFO:torchtune.utils._logging:Model checkpoint of size 4.98 GB saved to /tmp/model_0.pt\n";

    internal const string Olmo = """
        2024-02-01 12:00:00.000	node0:0	olmo.train:567	INFO	Pre-train system metrics
            System/Peak GPU Memory (MB)=1,234
        2024-02-01 12:00:01.000	node0:0	olmo.train:816	INFO	[step=1/739328]
            train/CrossEntropyLoss=11.05
            train/Perplexity=62,940
            throughput/total_tokens=4,194,304
            throughput/device/tokens_per_second=9,823
            throughput/device/batches_per_second=0.5000
            optim/total_grad_norm=5.123
            optim/learning_rate_group0=0.0000
        2024-02-01 12:00:03.000	node0:0	olmo.train:816	INFO	[step=2/739328]
            train/CrossEntropyLoss=10.87
            throughput/device/batches_per_second=0.4000
        2024-02-01 12:00:04.000	node0:0	olmo.train:900	INFO	Saving checkpoint...
            unrelated=1
        """;

    /// <summary>Each sample and the format that owns it, for the cross-detection test.</summary>
    internal static readonly (string Text, ILogFormat Owner)[] Samples =
    [
        (Llama2c, Llama2cFormat.Instance), (LlmsFromScratch, LlmsFromScratchFormat.Instance), (LitGpt, LitGptFormat.Instance),
        (Lightning, LightningFormat.Instance), (Torchtune, TorchtuneFormat.Instance), (Olmo, OlmoFormat.Instance),
    ];

    private static ParseResult Parse(string text, ILogFormat format) => TestLogs.Parse(text + "\n", format, bufferSize: 64);

    private static ILogFormat Detect(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return LogFormats.Detect("log.txt", stream).Format;
    }

    [Fact]
    public void Llama2c_iterations_and_evaluations()
    {
        var log = Parse(Llama2c, Llama2cFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [0, 1, 2, 5, 2000], [10.3767, 10.3522, 10.2971, 9.8725, 2.1102]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [0, 1, 2, 5, 2000], [32519.41, 412.66, 398.12, 401.50, 5012.03]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [0, 1, 2, 5, 2000], [0, 5e-07, 1e-06, 2.5e-06, 4.99e-04]);
        TestLogs.AssertColumn(log, Metrics.MfuPercent, [5, 2000], [12.34, 12.01]); // -100 is "no estimate yet"
        TestLogs.AssertColumn(log, Metrics.EvalTrainLoss, [0, 2000], [10.3768, 2.1234]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [0, 2000], [10.3791, 2.2345]);
        Assert.Same(Llama2cFormat.Instance, Detect(Llama2c));
        // nanoGPT reads only the evaluation lines, so no loss: llama2.c, reading both, wins
        Assert.Empty(TestLogs.Column(Parse(Llama2c, NanoGptFormat.Instance), Metrics.Loss).Steps);
    }

    [Fact]
    public void Llms_from_scratch_evaluations_and_no_time()
    {
        var log = Parse(LlmsFromScratch, LlmsFromScratchFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [0, 5, 10], [9.817, 8.066, 6.619]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [0, 5, 10], [9.924, 8.332, 7.042]);
        Assert.Empty(TestLogs.Column(log, Metrics.StepTimeMs).Steps);
        Assert.Equal(["LLMs-from-scratch prints no time: no step-time statistics for this run"], log.Notes);
        Assert.Same(LlmsFromScratchFormat.Instance, Detect(LlmsFromScratch));
    }

    [Fact]
    public void LitGpt_keyed_by_optimizer_step_with_na_val()
    {
        var log = Parse(LitGpt, LitGptFormat.Instance);
        // iterations 2, 3 and 5 repeat a step: the first line of each step is kept
        TestLogs.AssertColumn(log, Metrics.Loss, [0, 1, 2], [2.731, 2.650, 2.543]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [0, 1, 2], [312.45, 102.33, 100.02]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [2], [2.601]); // "val: n/a" is no value
        Assert.Equal(["litgpt: the step time is LitGPT's iter time, one micro-batch of an optimizer step that accumulates several"], log.Notes);
        Assert.Same(LitGptFormat.Instance, Detect(LitGpt));
    }

    [Fact]
    public void Lightning_progress_bar_redraws_as_global_batches()
    {
        var log = Parse(Lightning, LightningFormat.Instance);
        // step = epoch × 4 batches + batch; the redraw of batch 2 keeps the first value
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 4, 5], [4.56, 4.21, 3.9, 3.7]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2, 4, 5], [1000 / 1.02, 1000 / 1.5, 1000 / 1.8, 1200]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [4, 5], [3.95, 3.95]); // appears on the redraw after validation
        Assert.False(log.Columns.ContainsKey("v_num"));
        Assert.Equal(["lightning: step times are 1000 / the progress bar's it/s (tqdm's moving average), not each step's own time"], log.Notes);
        Assert.Same(LightningFormat.Instance, Detect(Lightning));
    }

    [Fact]
    public void Torchtune_progress_bar_and_metric_logger()
    {
        var log = Parse(Torchtune, TorchtuneFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 3, 4], [2.3412, 2.1105, 1.9876, 1.95]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2, 3], [1250, 1000 / 1.1, 1000 / 1.2]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [3, 4], [2e-05, 1.9e-05]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [4], [0.87]);
        TestLogs.AssertColumn(log, "tokens_per_second_per_gpu", [3], [1234.5]);
        TestLogs.AssertColumn(log, "peak_memory_active", [3], [12.3]);
        Assert.Equal(["torchtune: step times are 1000 / the progress bar's it/s (tqdm's moving average), not each step's own time"], log.Notes);
        Assert.Same(TorchtuneFormat.Instance, Detect(Torchtune));
    }

    [Fact]
    public void Olmo_step_blocks_with_thousands_separators()
    {
        var log = Parse(Olmo, OlmoFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2], [11.05, 10.87]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2], [2000, 2500]);
        TestLogs.AssertColumn(log, Metrics.TokensPerSecond, [1], [9823]);
        TestLogs.AssertColumn(log, Metrics.GradNorm, [1], [5.123]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [1], [0]);
        TestLogs.AssertColumn(log, "throughput/total_tokens", [1], [4194304]);
        TestLogs.AssertColumn(log, "train/Perplexity", [1], [62940]);
        Assert.False(log.Columns.ContainsKey("unrelated")); // after a line that is not indented: no step's
        Assert.Equal(["olmo: step times are 1000 / throughput/device/batches_per_second"], log.Notes);
        Assert.Same(OlmoFormat.Instance, Detect(Olmo));
    }

    [Theory]
    [InlineData("llama2c")]
    [InlineData("llms-from-scratch")]
    [InlineData("litgpt")]
    [InlineData("lightning")]
    [InlineData("torchtune")]
    [InlineData("olmo")]
    public void The_fuzzers_intact_logs_are_detected_and_read(string name)
    {
        string text = Encoding.UTF8.GetString(Properties.FuzzTests.Generate(name, new Random(1)));
        var format = Detect(text);
        Assert.Equal(name, format.Name);
        var log = Parse(text, format);
        Assert.True(TestLogs.Column(log, Metrics.Loss).Steps.Length >= 20);
        Assert.Equal(name != "llms-from-scratch", TestLogs.Column(log, Metrics.StepTimeMs).Steps.Length >= 20);
    }
}
