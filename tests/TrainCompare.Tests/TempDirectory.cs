namespace TrainCompare.Tests;

/// <summary>A fresh directory per test, removed afterwards, with a helper to write files into it.</summary>
public abstract class TempDirectory : IDisposable
{
    protected TempDirectory(string prefix) => Dir = Directory.CreateTempSubdirectory(prefix).FullName;

    protected string Dir { get; }

    protected string Write(string name, string text)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
