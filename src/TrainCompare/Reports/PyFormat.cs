using System.Globalization;

namespace TrainCompare.Reports;

/// <summary>Formats numbers as Python's f-strings do, so the classic block prints exactly what the old script did.</summary>
public static class PyFormat
{
    /// <summary>f"{value:.{decimals}f}": correctly rounded, "nan", "inf", "-inf".</summary>
    public static string Fixed(double value, int decimals)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
