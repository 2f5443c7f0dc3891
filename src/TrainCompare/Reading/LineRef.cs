namespace TrainCompare.Reading;

/// <summary>
/// The number of the line being handed over. The scanner knows it without counting per line: in anchored
/// mode the same vector compare that finds the anchors counts the newlines on the way.
/// </summary>
public readonly struct LineRef
{
    private readonly long _number;

    private LineRef(long number) => _number = number;

    /// <summary>A line whose number is known.</summary>
    public static LineRef Known(long number) => new(number);

    public static implicit operator LineRef(long number) => new(number);

    /// <summary>The 1-based line number.</summary>
    public long Number => _number;

    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
