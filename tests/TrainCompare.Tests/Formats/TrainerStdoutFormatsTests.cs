using TrainCompare.Formats;

namespace TrainCompare.Tests.Formats;

/// <summary>modded-nanogpt, Keras, mlx-lm and fairseq: their lines as the trainers print them, with the noise around them.</summary>
public class TrainerStdoutFormatsTests
{
    /// <summary>A speedrun record: the script's own source first (its print line has "step:{step}"), nvidia-smi, then the log.</summary>
    internal const string ModdedNanoGpt = """
        import os
        import sys
                print0(f"step:{step}/{train_steps} val_loss:{val_loss:.4f} train_time:{training_time_ms:.0f}ms step_avg:{training_time_ms/max(step, 1):.2f}ms", console=True)
        ====================================================================================================
        Running Python 3.12.7 (main, Oct  1 2024, 08:52:12) [GCC 13.2.0]
        +-----------------------------------------------------------------------------------------+
        | NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
        step:0/1750 val_loss:10.8258 train_time:0ms step_avg:0.03ms
        step:1/1750 train_loss:10.8258 train_time:27391ms step_avg:27391.00ms
        step:2/1750 train_loss:10.1 train_time:27500ms step_avg:13750.00ms
        step:4/1750 train_loss:9.5 train_time:27700ms step_avg:6925.00ms
        step:4/1750 val_loss:9.4 train_time:27700ms step_avg:6925.00ms
        step:5/1750 train_loss:9.2 train_time:27801ms step_avg:5560.20ms
        peak memory allocated: 30000 MiB reserved: 31000 MiB
        """;

    /// <summary>Keras 2's bar redrawn with CR, then erased with backspaces, then Keras 3's bold bar; an evaluate() at the end.</summary>
    internal const string Keras = "2026-01-01 00:00:00.000000: I tensorflow/core/platform/cpu_feature_guard.cc:182] This TensorFlow binary is optimized to use available CPU instructions\n"
        + "Model: \"sequential\"\n"
        + " Total params: 101770 (397.54 KB)\n"
        + "Epoch 1/3\n"
        + "   1/1875 [..............................] - ETA: 20:00 - loss: 2.3000 - accuracy: 0.1000\r"
        + "  50/1875 [..............................] - ETA: 1s - loss: 1.0000 - accuracy: 0.6000\r"
        + "1875/1875 [==============================] - ETA: 0s - loss: 0.5000 - accuracy: 0.8600\r"
        + "1875/1875 [==============================] - 5s 3ms/step - loss: 0.4975 - accuracy: 0.8617 - val_loss: 0.2000 - val_accuracy: 0.9400\n"
        + "Epoch 2/3\n"
        + "   1/1875 [..............................] - ETA: 0s - loss: 0.3000 - accuracy: 0.9000\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b"
        + "1875/1875 [==============================] - 4s 2ms/step - loss: 0.2975 - accuracy: 0.9117 - val_loss: 0.1000 - val_accuracy: 0.9700\n"
        + "Epoch 3/3\n"
        + "\u001b[1m1875/1875\u001b[0m \u001b[32m━━━━━━━━━━━━━━━━━━━━\u001b[0m\u001b[37m\u001b[0m \u001b[1m5s\u001b[0m 3ms/step - accuracy: 0.9300 - loss: 0.2500\n"
        + "313/313 [==============================] - 1s 2ms/step - loss: 0.0700 - accuracy: 0.9800\n";

    internal const string MlxLm = """
        Loading pretrained model
        Fetching 7 files: 100%|██████████| 7/7 [00:00<00:00, 12345.67it/s]
        Trainable parameters: 0.071% (5.243M/7241.732M)
        Loading datasets
        Training
        Starting training..., iters: 600
        Iter 1: Val loss 2.900, Val took 12.345s
        Iter 10: Train loss 2.345, Learning Rate 1.000e-05, It/sec 1.250, Tokens/sec 812.3, Trained Tokens 8123, Peak mem 12.300 GB
        Iter 20: Train loss 2.100, Learning Rate 1.000e-05, It/sec 0.500, Tokens/sec 400.0, Trained Tokens 16246, Peak mem 12.300 GB
        Iter 100: Saved adapter weights to adapters/adapters.safetensors and adapters/0000100_adapters.safetensors.
        Iter 200: Val loss 2.050, Val took 3.200s
        """;

    /// <summary>fairseq's text form, with the logger's prefix and without (older versions), its valid and epoch summary lines.</summary>
    internal const string Fairseq = """
        2026-01-01 00:00:00 | INFO | fairseq_cli.train | task: TranslationTask
        2026-01-01 00:00:00 | INFO | fairseq_cli.train | num. shared model params: 43,868,160 (num. trained: 43,868,160)
        2026-01-01 00:00:00 | INFO | fairseq.trainer | begin training epoch 1
        2026-01-01 00:00:40 | INFO | train_inner | epoch 001:    100 / 1000 loss=9.87, nll_loss=9.1, ppl=550.3, wps=12345, ups=2.5, wpb=4096, bsz=64, num_updates=100, lr=0.0005, gnorm=1.2, train_wall=40, wall=45
        2026-01-01 00:01:20 | INFO | train_inner | epoch 001:    200 / 1000 loss=8.5, nll_loss=7.9, ppl=238.9, wps=12000, ups=2, wpb=4096, bsz=64, num_updates=200, lr=0.0005, gnorm=1.1, loss_scale=64, train_wall=40, wall=85
        2026-01-01 00:01:30 | INFO | valid | epoch 001 | valid on 'valid' subset | loss 8.1 | nll_loss 7.5 | ppl 181.02 | wps 30000 | num_updates 200
        2026-01-01 00:01:30 | INFO | train | epoch 001 | loss 9.1 | nll_loss 8.5 | ppl 362 | wps 12100 | ups 2.2 | num_updates 200 | lr 0.0005 | train_wall 80 | wall 90
        | epoch 002:    100 / 1000 loss=8.25, nll_loss=7.6, ppl=194, wps=12500, ups=4, wpb=4096, bsz=64, num_updates=300, lr=0.0005, gnorm=1.0, train_wall=25, wall=115
        """;

    internal const string FairseqJson = """
        2026-01-01 00:00:00 | INFO | fairseq.trainer | begin training epoch 1
        2026-01-01 00:00:40 | INFO | train_inner | {"epoch": 1, "update": 0.1, "loss": "9.87", "nll_loss": "9.1", "ppl": "550.3", "wps": "12345", "ups": "2.5", "wpb": "4096", "bsz": "64", "num_updates": "100", "lr": "0.0005", "gnorm": "1.2", "train_wall": "40", "wall": "45"}
        2026-01-01 00:01:20 | INFO | train_inner | {"epoch": 1, "update": 0.2, "loss": "8.5", "nll_loss": "7.9", "ppl": "238.9", "wps": "12000", "ups": "2", "wpb": "4096", "bsz": "64", "num_updates": "200", "lr": "0.0005", "gnorm": "1.1", "loss_scale": "64", "train_wall": "40", "wall": "85"}
        2026-01-01 00:01:30 | INFO | valid | {"epoch": 1, "valid_loss": "8.1", "valid_nll_loss": "7.5", "valid_ppl": "181.02", "valid_wps": "30000", "valid_wpb": "3000", "valid_bsz": "100", "valid_num_updates": "200"}
        2026-01-01 00:01:30 | INFO | train | {"epoch": 1, "train_loss": "9.1", "train_nll_loss": "8.5", "train_ppl": "362", "train_ups": "2.2", "train_num_updates": "200", "train_lr": "0.0005"}
        """;

    /// <summary>Each sample and the format that owns it, for the cross-detection test.</summary>
    internal static (string Text, ILogFormat Owner)[] Samples { get; } =
        [(ModdedNanoGpt, ModdedNanoGptFormat.Instance), (Keras, KerasFormat.Instance), (MlxLm, MlxLmFormat.Instance),
            (Fairseq, FairseqFormat.Instance), (FairseqJson, FairseqFormat.Instance)];

    private static ParseResult Parse(string text, ILogFormat format) => OtherFormatsTests.Parse(text, format);

    private static ILogFormat Detect(string text) => OtherFormatsTests.Detect(text);

    [Fact]
    public void Modded_nanogpt_train_and_val_loss_apart_and_step_times_from_train_time()
    {
        var log = Parse(ModdedNanoGpt, ModdedNanoGptFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 4, 5], [10.8258, 10.1, 9.5, 9.2]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [0, 4], [10.8258, 9.4]);
        // (27700 - 27500) / 2 steps; the val line at step 4 repeats step 4's train_time and gives none
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2, 4, 5], [27391, 109, 100, 101]);
        Assert.Equal(["modded-nanogpt: step times are differences of train_time between logged steps, divided by the steps between them"], log.Notes);
        Assert.Same(ModdedNanoGptFormat.Instance, Detect(ModdedNanoGpt));
        // torchtitan used to take these lines, with val_loss as the loss
        Assert.Empty(TestLogs.Column(Parse(ModdedNanoGpt, TorchTitanFormat.Instance), Metrics.Loss).Steps);
    }

    [Fact]
    public void Modded_nanogpt_with_step_avg_alone()
    {
        var log = Parse("step:10/100 train_loss:3.0 step_avg:120.5ms\nstep:20/100 train_loss:2.9 step_avg:nanms\nstep:30/100 train_loss:2.8 step_avg:118ms\n", ModdedNanoGptFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [10, 20, 30], [3.0, 2.9, 2.8]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [10, 30], [120.5, 118]);
        Assert.Equal(["modded-nanogpt: step times are step_avg, the running mean since the start (no train_time)"], log.Notes);
    }

    [Fact]
    public void Keras_one_point_an_epoch_from_its_final_bar_through_CR_backspace_and_ANSI_redraws()
    {
        var log = Parse(Keras, KerasFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [1, 2, 3], [0.4975, 0.2975, 0.25]); // not the evaluate() line after epoch 3
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1, 2, 3], [3, 2, 3]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [1, 2], [0.2, 0.1]);
        TestLogs.AssertColumn(log, "accuracy", [1, 2, 3], [0.8617, 0.9117, 0.93]);
        TestLogs.AssertColumn(log, "val_accuracy", [1, 2], [0.94, 0.97]);
        Assert.Contains("the x axis is the epoch", Assert.Single(log.Notes), StringComparison.Ordinal);
        Assert.Same(KerasFormat.Instance, Detect(Keras));

        // verbose=2: one line an epoch, the time per step at its end; seconds and microseconds per step
        var two = Parse("Epoch 1/2\n1875/1875 - 5s - loss: 0.2975 - accuracy: 0.9117 - 5s/epoch - 3ms/step\nEpoch 2/2\n1875/1875 - 5s - loss: 0.25 - 5s/epoch - 1.5s/step\n", KerasFormat.Instance);
        TestLogs.AssertColumn(two, Metrics.StepTimeMs, [1, 2], [3, 1500]);
        TestLogs.AssertColumn(two, Metrics.Loss, [1, 2], [0.2975, 0.25]);
        var us = Parse("Epoch 1/1\n60/60 [==============================] - 0s 830us/step - loss: 1.5\n", KerasFormat.Instance);
        TestLogs.AssertColumn(us, Metrics.StepTimeMs, [1], [0.83]);
    }

    [Fact]
    public void Mlx_lm_step_times_from_iterations_per_second()
    {
        var log = Parse(MlxLm, MlxLmFormat.Instance);
        TestLogs.AssertColumn(log, Metrics.Loss, [10, 20], [2.345, 2.1]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [10, 20], [800, 2000]);
        TestLogs.AssertColumn(log, Metrics.TokensPerSecond, [10, 20], [812.3, 400]);
        TestLogs.AssertColumn(log, Metrics.LearningRate, [10, 20], [1e-05, 1e-05]);
        TestLogs.AssertColumn(log, "peak_mem_gb", [10, 20], [12.3, 12.3]);
        TestLogs.AssertColumn(log, Metrics.ValLoss, [1, 200], [2.9, 2.05]);
        Assert.Equal(["mlx-lm: step times are 1000 / It/sec, the mean over each reported interval"], log.Notes);
        Assert.Same(MlxLmFormat.Instance, Detect(MlxLm));
        // mlx-examples' older lora.py: no learning rate, no memory
        var old = Parse("Iter 10: Train loss 2.345, It/sec 2.000, Tokens/sec 812.3\n", MlxLmFormat.Instance);
        TestLogs.AssertColumn(old, Metrics.StepTimeMs, [10], [500]);
    }

    [Fact]
    public void Fairseq_text_and_json_by_num_updates_with_step_times_from_ups()
    {
        foreach (string text in new[] { Fairseq, FairseqJson })
        {
            var log = Parse(text, FairseqFormat.Instance);
            bool json = text == FairseqJson;
            TestLogs.AssertColumn(log, Metrics.Loss, json ? [100, 200] : [100, 200, 300], json ? [9.87, 8.5] : [9.87, 8.5, 8.25]);
            TestLogs.AssertColumn(log, Metrics.StepTimeMs, json ? [100, 200] : [100, 200, 300], json ? [400, 500] : [400, 500, 250]);
            TestLogs.AssertColumn(log, Metrics.TokensPerSecond, json ? [100, 200] : [100, 200, 300], json ? [12345, 12000] : [12345, 12000, 12500]);
            TestLogs.AssertColumn(log, Metrics.LearningRate, json ? [100, 200] : [100, 200, 300], json ? [0.0005, 0.0005] : [0.0005, 0.0005, 0.0005]);
            TestLogs.AssertColumn(log, Metrics.GradNorm, json ? [100, 200] : [100, 200, 300], json ? [1.2, 1.1] : [1.2, 1.1, 1.0]);
            TestLogs.AssertColumn(log, "nll_loss", json ? [100, 200] : [100, 200, 300], json ? [9.1, 7.9] : [9.1, 7.9, 7.6]);
            TestLogs.AssertColumn(log, Metrics.ValLoss, [200], [8.1]); // the epoch summary (train_loss, "| loss 9.1 |") is not read
            Assert.Equal(["fairseq: the x axis is num_updates; step times are 1000 / ups (updates per second over each log interval)"], log.Notes);
            Assert.Same(FairseqFormat.Instance, Detect(text));
        }
    }

    [Fact]
    public void None_of_them_takes_another_formats_sample()
    {
        foreach (var (text, owner) in Samples)
        {
            foreach (var other in LogFormats.All.Where(f => f != owner))
            {
                var log = Parse(text, other);
                Assert.True(log.RecognizedLines == 0, $"{other.Name} recognized {log.RecognizedLines} lines of {owner.Name}'s sample");
            }
        }
    }
}
