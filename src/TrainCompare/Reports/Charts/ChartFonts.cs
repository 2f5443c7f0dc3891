namespace TrainCompare.Reports.Charts;

/// <summary>
/// The charts' font, chosen explicitly so they look the same everywhere: DejaVu Sans, shipped next to the
/// tool in fonts/ (Bitstream Vera licence, see fonts/LICENSE-DejaVu.txt). If those files are missing, the
/// system's DejaVu Sans (Debian's fonts-dejavu-core) is used.
/// </summary>
public static class ChartFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>Registers the shipped font files with ScottPlot once per process.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "fonts");
        string regular = Path.Combine(dir, "DejaVuSans.ttf");
        string bold = Path.Combine(dir, "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular))
        {
            return false;
        }
        ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
        if (File.Exists(bold))
        {
            ScottPlot.Fonts.AddFontFile(Family, bold, bold: true, italic: false);
        }
        return true;
    }
}
