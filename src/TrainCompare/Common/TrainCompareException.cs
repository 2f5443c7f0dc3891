namespace TrainCompare.Common;

/// <summary>
/// An error the user can cause and fix: a missing file, a file with no step lines, a bad option value.
/// The message is written for the user and names the file it concerns; the CLI prints it on one line
/// and exits with code 2.
/// </summary>
public sealed class TrainCompareException : Exception
{
    public TrainCompareException(string message) : base(message) { }

    public TrainCompareException(string message, Exception inner) : base(message, inner) { }

    public TrainCompareException() { }

    /// <summary>An error about one input file: "path: reason".</summary>
    public static TrainCompareException ForFile(string path, string reason) => new($"{path}: {reason}");
}
