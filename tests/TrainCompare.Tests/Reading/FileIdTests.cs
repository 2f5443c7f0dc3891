using TrainCompare.Reading;

namespace TrainCompare.Tests.Reading;

public sealed class FileIdTests() : TempDirectory("traincmp-fileid-")
{
    private static FileId? IdOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return FileId.Of(stream.SafeFileHandle);
    }

    [Fact]
    public void The_same_file_keeps_its_id_as_it_grows_and_a_file_put_in_its_place_has_another()
    {
        string a = Write("a.txt", "one\n");
        string b = Write("b.txt", "one\n");
        var first = IdOf(a);
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(first);
            return;
        }
        Assert.NotNull(first);
        File.AppendAllText(a, "two\n");
        Assert.Equal(first, IdOf(a));
        Assert.NotEqual(first, IdOf(b));
        File.Move(b, a, overwrite: true);
        Assert.NotEqual(first, IdOf(a));
    }
}
