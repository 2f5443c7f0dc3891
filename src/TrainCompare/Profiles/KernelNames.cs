using System.Text;

namespace TrainCompare.Profiles;

/// <summary>
/// A GPU kernel's name without what splits one kernel into many rows: the return type, template arguments and
/// parameter lists (<c>void at::native::vectorized_elementwise_kernel&lt;4, at::native::CUDAFunctor_add&lt;float&gt;, …&gt;(int, …)</c>
/// becomes <c>at::native::vectorized_elementwise_kernel</c>), tile and shape sizes (<c>ampere_sgemm_128x64_tn</c> becomes
/// <c>ampere_sgemm_*_tn</c>, as cuBLAS and Tensile pick another tile for another shape), and Triton's trailing
/// kernel index (<c>triton_poi_fused_add_cos_sin_0</c> becomes <c>triton_poi_fused_add_cos_sin</c>). Which
/// elementwise functor ran is not lost: rows are keyed by the CPU op that launched the kernel as well.
/// </summary>
public static class KernelNames
{
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string text = name.Trim();
        if (text.StartsWith("void ", StringComparison.Ordinal))
        {
            text = text[5..];
        }
        text = text.Replace("(anonymous namespace)", "{anonymous}", StringComparison.Ordinal);
        var sb = new StringBuilder(text.Length);
        int angle = 0, paren = 0;
        foreach (char c in text)
        {
            switch (c)
            {
                case '<':
                    angle++;
                    continue;
                case '>' when angle > 0:
                    angle--;
                    continue;
                case '(' when angle == 0:
                    paren++;
                    continue;
                case ')' when angle == 0 && paren > 0:
                    paren--;
                    continue;
            }
            if (angle == 0 && paren == 0)
            {
                sb.Append(c);
            }
        }
        string stripped = sb.ToString().Trim();
        if (stripped.Length == 0)
        {
            return text; // a name that is all brackets: keep it whole
        }
        return TrailingIndex(Sizes(stripped));
    }

    /// <summary>Runs of digits joined by 'x' (<c>128x64</c>, <c>64x64x16</c>, <c>MT64x16x32</c>'s sizes) become <c>*</c>.</summary>
    private static string Sizes(string text)
    {
        var sb = new StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                int j = i;
                int groups = 0;
                while (true)
                {
                    int k = j;
                    while (k < text.Length && char.IsAsciiDigit(text[k]))
                    {
                        k++;
                    }
                    if (k == j)
                    {
                        break;
                    }
                    groups++;
                    j = k;
                    if (j + 1 < text.Length && text[j] == 'x' && char.IsAsciiDigit(text[j + 1]))
                    {
                        j++;
                        continue;
                    }
                    break;
                }
                if (groups >= 2)
                {
                    sb.Append('*');
                }
                else
                {
                    sb.Append(text, i, j - i);
                }
                i = j;
                continue;
            }
            sb.Append(text[i]);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Triton names its kernels <c>triton_{kind}_{fused ops}_{index}</c>: the index differs between compilations.</summary>
    private static string TrailingIndex(string text)
    {
        if (!text.StartsWith("triton_", StringComparison.Ordinal))
        {
            return text;
        }
        int end = text.Length;
        while (end > 0 && char.IsAsciiDigit(text[end - 1]))
        {
            end--;
        }
        return end < text.Length && end > 1 && text[end - 1] == '_' ? text[..(end - 1)] : text;
    }

    /// <summary>The name without its namespaces (<c>at::native::vectorized_elementwise_kernel</c> reads <c>vectorized_elementwise_kernel</c>), for tables and charts.</summary>
    public static string Brief(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int at = name.LastIndexOf("::", StringComparison.Ordinal);
        return at >= 0 && at + 2 < name.Length ? name[(at + 2)..] : name;
    }

    /// <summary>At most <paramref name="max"/> characters: long names keep their start and end, "…" between.</summary>
    public static string Shorten(string name, int max)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length <= max || max < 5)
        {
            return name;
        }
        int tail = (max - 1) / 3;
        return name[..(max - 1 - tail)] + "\u2026" + name[^tail..];
    }
}
