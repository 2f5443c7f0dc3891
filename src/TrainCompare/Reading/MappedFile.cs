using System.IO.MemoryMappedFiles;

namespace TrainCompare.Reading;

/// <summary>
/// Feeds a plain file to a <see cref="LogScanner"/> straight from the page cache: the file is mapped into
/// memory a window of <see cref="WindowBytes"/> at a time and scanned where it lies, so no byte is copied
/// (a read copies each byte once more, about a tenth of the parse). Each window is unmapped before the
/// next, so the pages touched do not add up in the resident set: a 1.4 GB log costs 16 MiB of it, not
/// 1.4 GB. Windows also keep progress moving and spans within <see cref="int"/> range at any size.
/// <para>
/// Only for a file read once (not followed): a mapped file cut short by another process while it is read
/// would end the process (SIGBUS), so watch mode reads through a stream, which sees a short read instead.
/// </para>
/// </summary>
public static class MappedFile
{
    public const int WindowBytes = 16 << 20;

    /// <summary>Files smaller than this are read, not mapped: mapping costs more than it saves.</summary>
    public const long MinimumBytes = 1 << 20;

    /// <summary>
    /// Feeds <paramref name="file"/> from <paramref name="from"/> to the length it has now; false (and nothing
    /// fed) when it cannot be mapped, so the caller reads it instead.
    /// </summary>
    /// <param name="windowBytes">Bytes mapped at a time (tests use small, odd sizes so windows start off page boundaries).</param>
    public static unsafe bool TryFeed(LogScanner scanner, FileStream file, long from, bool final, Action<long>? onRead,
        int windowBytes = WindowBytes)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(file);
        long length = file.Length;
        if (length - from < MinimumBytes)
        {
            return false;
        }
        MemoryMappedFile map;
        try
        {
            map = MemoryMappedFile.CreateFromFile(file, mapName: null, capacity: 0, MemoryMappedFileAccess.Read,
                HandleInheritability.None, leaveOpen: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false; // a file system that cannot map (some FUSE and network mounts): read it instead
        }
        using (map)
        {
            for (long at = from; at < length; at += windowBytes)
            {
                int size = (int)Math.Min(windowBytes, length - at);
                using var view = map.CreateViewAccessor(at, size, MemoryMappedFileAccess.Read);
                var handle = view.SafeMemoryMappedViewHandle;
                byte* start = null;
                handle.AcquirePointer(ref start);
                try
                {
                    scanner.Feed(new ReadOnlySpan<byte>(start + view.PointerOffset, size), final && at + size == length, onRead);
                }
                finally
                {
                    handle.ReleasePointer();
                }
            }
        }
        file.Position = length;
        return true;
    }
}
