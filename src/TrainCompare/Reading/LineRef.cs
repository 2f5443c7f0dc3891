namespace TrainCompare.Reading;

/// <summary>
/// The line number of the line being handed over, worked out only if somebody asks: counting newlines for
/// every line would cost more than most parsers ever need (they want a line number only to report a
/// restart). Valid only during the <see cref="ILineSink.OnLine"/> call that received it.
/// </summary>
public readonly struct LineRef
{
    private readonly LogScanner? _scanner;
    private readonly long _numberOrOffset;

    internal LineRef(LogScanner scanner, int offsetInBuffer)
    {
        _scanner = scanner;
        _numberOrOffset = offsetInBuffer;
    }

    private LineRef(long number)
    {
        _scanner = null;
        _numberOrOffset = number;
    }

    /// <summary>A line whose number is already known.</summary>
    public static LineRef Known(long number) => new(number);

    public static implicit operator LineRef(long number) => new(number);

    /// <summary>The 1-based line number.</summary>
    public long Number => _scanner is null ? _numberOrOffset : _scanner.LineNumberAt((int)_numberOrOffset);

    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
