using System.Globalization;
using System.Text;

namespace TrainCompare.Benchmarks;

/// <summary>
/// Writes tt-train logs of any length, deterministically (fixed seed), for benchmarks and scaling runs.
/// The old form writes, per step, the step line, its "Full step time" line and two dataloader lines:
/// about 144 bytes a step, so 1,000,000 steps make the ~144 MB log the targets speak of.
/// </summary>
public static class LogGenerator
{
    public static void Write(string path, long steps, bool oldForm, int seed, double meanMs = 703.0)
    {
        var rng = new Random(seed);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 20);
        var inv = CultureInfo.InvariantCulture;
        writer.Write("2026-11-20 09:14:02.118 | INFO | Loading config from configs/training_shakespear_nanogpt.yaml\n");
        writer.Write("Model parameters: 10,788,096\n");
        for (long step = 1; step <= steps; step++)
        {
            double loss = 2.0 + 9.0 * Math.Exp(-step / (steps / 8.0 + 1)) + Gauss(rng) * 0.04;
            double time = step == 1 ? 31842.5 : meanMs + Gauss(rng) * 12.0;
            writer.Write("Step: ");
            writer.Write(step.ToString(inv));
            writer.Write(", Loss: ");
            writer.Write(loss.ToString("F6", inv));
            if (oldForm)
            {
                writer.Write("\nFull step time ");
                writer.Write(time.ToString("F3", inv));
                writer.Write(" ms, cache entries: 91\ndataloader step time 0.365 ms\ndataloader host only step time 0.033 ms\n");
            }
            else
            {
                writer.Write(", Time: ");
                writer.Write(time.ToString("F2", inv));
                writer.Write(" ms, cache entries: 42, TPS: ");
                writer.Write((4096 / time * 1000).ToString("F0", inv));
                writer.Write(", TFLOPS: 120.5, MFU: 31.5%\ndataloader step time 0.365 ms\n");
            }
        }
    }

    private static double Gauss(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
