using System.Diagnostics;
using System.Text;
using TrainCompare.Cli;
using TrainCompare.Formats.TensorBoard.Proto;

namespace TrainCompare.Tests.Properties;

/// <summary>
/// Mutation fuzzing of the whole tool, in process: a log of every format, generated and then damaged at random
/// (bytes flipped, inserted and cut; lines repeated; numbers made huge, non-finite or endless; line endings and
/// encodings broken), compared with an intact one. Whatever the damage, the tool must end as a user can read it:
/// exit 0 (read), 1 (only when a check was asked for) or 2 with one line naming the reason; no stack trace, no
/// other exit code, no hang, no runaway memory. Fixed seeds, so a failure names the case that reproduces it.
/// </summary>
public sealed class FuzzTests() : TempDirectory("traincmp-fuzz-")
{
    /// <summary>Cases per format; with 22 formats 1,760 runs of the tool (about 35 s here).</summary>
    private const int CasesPerFormat = 80;

    private static readonly string[] Formats = ["tt-train", "tt-train-old", "nanogpt", "llmc", "megatron", "torchtitan", "jsonl", "csv", "hf", "hf-state",
        "modded-nanogpt", "keras", "mlx-lm", "fairseq", "fairseq-json",
        "tensorboard",
        "llama2c", "llms-from-scratch", "litgpt", "lightning", "torchtune", "olmo"];

    [Fact]
    public void Damaged_logs_of_every_format_end_in_a_clean_exit()
    {
        var failures = new List<string>();
        string outDir = Path.Combine(Dir, "out");
        string intact = Path.Combine(Dir, "intact.txt");
        File.WriteAllBytes(intact, Generate("tt-train", new Random(1)));
        int cases = 0;
        var clock = Stopwatch.StartNew();
        for (int f = 0; f < Formats.Length; f++)
        {
            string format = Formats[f];
            int before = failures.Count;
            for (int i = 0; i < CasesPerFormat && failures.Count - before < 3; i++)
            {
                int seed = 1000 * f + i; // fixed: a failure names the case that reproduces it
                var rng = new Random(seed);
                byte[] log = format == "tensorboard" ? EventFile(rng) : Mutate(Generate(format, rng), rng);
                string path = Path.Combine(Dir, format switch
                {
                    "csv" => "case.csv",
                    "hf-state" => "case.json",
                    "tensorboard" => "events.out.tfevents.1700000000.host.1.0",
                    _ => "case.txt",
                });
                File.WriteAllBytes(path, log);
                bool gate = rng.Next(4) == 0;
                string plots = rng.Next(40) == 0 ? "svg" : "none";
                string[] args = ["--baseline", intact, "--compare", path, "--output-dir", outDir, "--plots", plots,
                    .. rng.Next(8) == 0 ? new[] { "--json", Path.Combine(outDir, "r.json"), "--report", "md,html,csv" } : [],
                    .. gate ? new[] { "--fail-on-nan" } : [],
                    .. rng.Next(5) == 0 ? new[] { "--warmup-steps", "auto" } : []];
                var (code, stderr, elapsed, allocated) = RunInProcess(args);
                cases++;
                string what = $"{format} case {i} (seed {seed})";
                if (code is not (0 or 2) && !(code == 1 && gate))
                {
                    failures.Add($"{what}: exit {code}: {FirstLine(stderr)}");
                }
                else if (stderr.Contains("   at ", StringComparison.Ordinal) || stderr.Contains("Unhandled", StringComparison.Ordinal))
                {
                    failures.Add($"{what}: a stack trace: {FirstLine(stderr)}");
                }
                else if (code == 2 && stderr.TrimEnd('\n').Contains('\n', StringComparison.Ordinal))
                {
                    failures.Add($"{what}: more than one error line: {stderr.Replace('\n', '|')}");
                }
                else if (elapsed > TimeSpan.FromSeconds(10))
                {
                    failures.Add($"{what}: took {elapsed.TotalSeconds:F1} s for a {log.Length}-byte log");
                }
                else if (allocated > 512L << 20)
                {
                    failures.Add($"{what}: allocated {allocated >> 20} MB for a {log.Length}-byte log");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases ({clock.Elapsed.TotalSeconds:F0} s):\n" + string.Join('\n', failures));
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static (int Code, string Stderr, TimeSpan Elapsed, long Allocated) RunInProcess(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        long before = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        int code;
        try
        {
            code = TraincmpCommand.Run(args, stdout, stderr);
        }
        catch (Exception e)
        {
            return (-1, $"escaped: {e.GetType().Name}: {e.Message}", clock.Elapsed, 0);
        }
        return (code, stderr.ToString(), clock.Elapsed, GC.GetTotalAllocatedBytes() - before);
    }

    /// <summary>A plausible log of <paramref name="format"/>, 20 to 200 steps.</summary>
    internal static byte[] Generate(string format, Random rng)
    {
        int steps = rng.Next(20, 200);
        var sb = new StringBuilder();
        string F(double v) => v.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
        double Loss(int i) => 2 + 8 * Math.Exp(-i / 50.0) + 0.01 * rng.NextDouble();
        double Time(int i) => 700 + 10 * rng.NextDouble();
        switch (format)
        {
            case "csv":
                sb.Append("step,loss,step_time_ms,lr\n");
                break;
            case "hf-state":
                sb.Append("{\"log_history\": [\n");
                break;
        }
        double trainTime = 0;
        for (int i = 1; i <= steps; i++)
        {
            double loss = Loss(i), time = Time(i);
            trainTime += time;
            sb.Append(format switch
            {
                "tt-train" => $"Step: {i}, Loss: {F(loss)}, Time: {F(time)} ms, cache entries: 42, TPS: 6476, TFLOPS: 120.5, MFU: 31.5%\n",
                "tt-train-old" => $"Step: {i}, Loss: {F(loss)}\nFull step time {F(time)} ms, cache entries: 91\ndataloader step time 0.365 ms\n",
                "nanogpt" => $"iter {i}: loss {F(loss)}, time {F(time)}ms, mfu 16.68%\n" + (i % 50 == 0 ? $"step {i}: train loss {F(loss)}, val loss {F(loss + 0.1)}\n" : ""),
                "llmc" => $"step {i,4}/{steps} | loss {F(loss)} (+0.00z)| norm 1.0939 (+0.00z)| lr 6.00e-04 | {F(time)} ms | 40.0% bf16 MFU | 745604 tok/s\n",
                "megatron" => $" [2026-01-01 00:00:00] iteration {i,8}/    5000 | consumed samples: {i * 8} | elapsed time per iteration (ms): {F(time)} | learning rate: 3.0E-04 | global batch size: 8 | lm loss: {loss:E6} | grad norm: 1.234 |\n",
                "torchtitan" => $"\u001b[31mstep: {i,2}  loss: {F(loss)}  memory: 10.50GiB(11.05%)  tps: 11,568  tflops: 120.50  mfu: 12.19%\u001b[39m\n",
                "jsonl" => $"{{\"step\": {i}, \"loss\": {F(loss)}, \"step_time_ms\": {F(time)}, \"lr\": 0.0003}}\n",
                "csv" => $"{i},{F(loss)},{F(time)},0.0003\n",
                "hf" => $"{{'loss': {F(loss)}, 'grad_norm': 1.23, 'learning_rate': 5e-05, 'epoch': {F(i / (double)steps)}}}\n",
                "hf-state" => $"{{\"step\": {i}, \"loss\": {F(loss)}, \"learning_rate\": 5e-05}}{(i < steps ? "," : "")}\n",
                "modded-nanogpt" => $"step:{i}/{steps} train_loss:{F(loss)} train_time:{F(Math.Round(trainTime))}ms step_avg:{F(trainTime / i)}ms\n"
                    + (i % 50 == 0 ? $"step:{i}/{steps} val_loss:{F(loss + 0.1)} train_time:{F(Math.Round(trainTime))}ms step_avg:{F(trainTime / i)}ms\n" : ""),
                "keras" => $"Epoch {i}/{steps}\n  1/100 [..............................] - ETA: 1s - loss: {F(loss + 1)}\r"
                    + $"100/100 [==============================] - 1s {F(Math.Round(time))}ms/step - loss: {F(loss)} - accuracy: 0.9 - val_loss: {F(loss + 0.1)}\n",
                "mlx-lm" => $"Iter {i * 10}: Train loss {F(loss)}, Learning Rate 1.000e-05, It/sec {F(Math.Round(1000 / time, 3))}, Tokens/sec 812.3, Trained Tokens {i * 8123}, Peak mem 12.300 GB\n"
                    + (i % 50 == 0 ? $"Iter {i * 10}: Val loss {F(loss + 0.1)}, Val took 3.200s\n" : ""),
                "fairseq" => $"2026-01-01 00:00:00 | INFO | train_inner | epoch {1 + i / 100:D3}: {i % 100,6} / 100 loss={F(loss)}, nll_loss={F(loss - 1)}, ppl=550.3, wps=12345, ups={F(Math.Round(1000 / time, 2))}, wpb=4096, bsz=64, num_updates={i}, lr=0.0005, gnorm=1.2, train_wall=40, wall=45\n",
                "fairseq-json" => $"2026-01-01 00:00:00 | INFO | train_inner | {{\"epoch\": {1 + i / 100}, \"update\": {F(i / 100.0)}, \"loss\": \"{F(loss)}\", \"ups\": \"{F(Math.Round(1000 / time, 2))}\", \"num_updates\": \"{i}\", \"lr\": \"0.0005\", \"gnorm\": \"1.2\"}}\n",
                "llama2c" => $"{i} | loss {F(loss)} | lr 5.000000e-04 | {F(time)}ms | mfu 12.34%\n" + (i % 50 == 0 ? $"step {i}: train loss {F(loss)}, val loss {F(loss + 0.1)}\n" : ""),
                "llms-from-scratch" => $"Ep {1 + i / 50} (Step {i:D6}): Train loss {F(loss)}, Val loss {F(loss + 0.1)}\n" + (i % 20 == 0 ? "Every effort moves you, and the\n" : ""),
                "litgpt" => $"Epoch 1 | iter {2 * i - 1} step {i - 1} | loss train: {F(loss)}, val: n/a | iter time: {F(time)} ms\n"
                            + $"Epoch 1 | iter {2 * i} step {i} | loss train: {F(loss)}, val: {(i % 25 == 0 ? F(loss + 0.1) : "n/a")} | iter time: {F(time)} ms (step)\n",
                "lightning" => $"Epoch {i / 50}:  {i % 50 * 2}%|████▌     | {i % 50}/50 [00:30<00:37, {F(1000 / time)}it/s, v_num=0, train_loss={F(loss)}]\r",
                "torchtune" => $"1|{i}|Loss: {F(loss)}:  {i}%|███▎      | {i}/{steps} [00:01<00:02,  {F(time / 1000)}s/it]\r"
                               + (i % 10 == 0 ? $"\nStep {i} | loss:{F(loss)} lr:2e-05 tokens_per_second_per_gpu:1234.5 \n" : ""),
                "olmo" => $"2024-02-01 12:00:01.000\tnode0:0\tolmo.train:816\tINFO\t[step={i}/739328]\n    train/CrossEntropyLoss={F(loss)}\n"
                          + $"    throughput/device/tokens_per_second=9,823\n    throughput/device/batches_per_second={F(1000 / time)}\n",
                _ => throw new ArgumentOutOfRangeException(nameof(format)),
            });
        }
        if (format == "hf-state")
        {
            sb.Append("]}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// A TensorBoard event file: scalars with extreme steps, values and tags, framed with valid CRCs (so the
    /// reader gets past its checks), then a few raw byte edits or a cut that the CRCs must catch.
    /// </summary>
    private static byte[] EventFile(Random rng)
    {
        long[] steps = [long.MinValue, long.MaxValue, -1, 0, 1 << 30];
        float[] values = [float.NaN, float.PositiveInfinity, float.MaxValue, -float.MaxValue, float.Epsilon, 0];
        string[] tags = ["loss", "train/loss", "step_time_ms", "dt", "", "a/b", "é\u0000", new string('x', 300)];
        var file = new List<byte>(TrainCompare.Tests.Formats.TensorBoardTests.Record(new Event { WallTime = 1_700_000_000, FileVersion = "brain.Event:2" }));
        int n = rng.Next(5, 60);
        for (int i = 1; i <= n; i++)
        {
            long step = rng.Next(10) == 0 ? steps[rng.Next(steps.Length)] : i;
            float loss = rng.Next(10) == 0 ? values[rng.Next(values.Length)] : 4f - i * 0.01f;
            string tag = rng.Next(10) == 0 ? tags[rng.Next(tags.Length)] : "train/loss";
            file.AddRange(TrainCompare.Tests.Formats.TensorBoardTests.Record(TrainCompare.Tests.Formats.TensorBoardTests.Scalar(step, tag, loss)));
            file.AddRange(TrainCompare.Tests.Formats.TensorBoardTests.Record(TrainCompare.Tests.Formats.TensorBoardTests.Scalar(step, "step_time_ms", 700)));
        }
        var bytes = file.ToArray();
        return rng.Next(3) == 0 ? Mutate(bytes, rng) : bytes;
    }

    private static readonly string[] Tokens =
    [
        "nan", "-nan", "inf", "-inf", "NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1.7976931348623157e308", "1e-320",
        "99999999999999999999", "-9223372036854775808", "9223372036854775807", "0", "-0", "", " ", ",", ":", "\"", "'", "{", "}", "[", "]",
        "\r", "\r\n", "\n\n", "\t", "\u0000", "\u001b[0m", "Step: ", "step ", "iter ", "loss ", "Loss: ", "Time: ", " ms", "|",
        "\uFEFF", "é", "\uD800", "💥", "1,234", "0x1F", "1e", "--", "..", "1.2.3",
    ];

    /// <summary>A few random mutations: byte edits, token insertions, cuts, repeated lines, invalid UTF-8, a truncated end.</summary>
    internal static byte[] Mutate(byte[] log, Random rng)
    {
        var bytes = new List<byte>(log);
        int edits = 1 + rng.Next(6);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(8))
            {
                case 0:
                    bytes[at] = (byte)rng.Next(256);
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[rng.Next(Tokens.Length)]));
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(rng.Next(1, 200), bytes.Count - at));
                    break;
                case 3:
                {
                    // repeat one line many times (a restart storm)
                    int start = bytes.LastIndexOf((byte)'\n', at) + 1, end = bytes.IndexOf((byte)'\n', at);
                    if (end > start)
                    {
                        var line = bytes.GetRange(start, end - start + 1);
                        for (int k = rng.Next(2, 50); k > 0; k--)
                        {
                            bytes.InsertRange(start, line);
                        }
                    }
                    break;
                }
                case 4:
                    bytes.InsertRange(at, [0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80]); // invalid UTF-8 and an encoded surrogate
                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at); // truncated
                    break;
                case 6:
                    for (int k = at; k < bytes.Count; k++)
                    {
                        if (bytes[k] == '\n')
                        {
                            bytes[k] = (byte)'\r'; // CR-only line endings from here on
                        }
                    }
                    break;
                default:
                    bytes.InsertRange(at, Encoding.ASCII.GetBytes(new string('9', rng.Next(10, 400)))); // an endless number
                    break;
            }
        }
        return [.. bytes];
    }
}
