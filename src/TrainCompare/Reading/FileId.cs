using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TrainCompare.Reading;

/// <summary>
/// Which file an open handle refers to: its device and inode, from fstat(2). The same file, grown, keeps
/// them; a file put in its place (a new run's log, a rotated one) has another inode. Time stamps cannot
/// tell: without a birth time, .NET's creation time on Linux is the status-change time, which every write moves.
/// <para>
/// Linux only (glibc and musl; x86-64 and arm64 both start <c>struct stat</c> with a 64-bit st_dev and
/// st_ino); elsewhere, or when libc has no fstat, <see cref="Of"/> is null and callers fall back to size
/// and content.
/// </para>
/// </summary>
public readonly record struct FileId(ulong Device, ulong Inode)
{
    private static readonly unsafe delegate* unmanaged<int, byte*, int> FStat = Find(out FxStatVersion);
    private static readonly int FxStatVersion; // >= 0: FStat is glibc's __fxstat (before 2.33), called with this version

    /// <summary>The device and inode of the file <paramref name="handle"/> has open; null when they cannot be known.</summary>
    public static unsafe FileId? Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (FStat == null || handle.IsInvalid || handle.IsClosed)
        {
            return null;
        }
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            byte* stat = stackalloc byte[512]; // struct stat is 128 (arm64) or 144 (x86-64) bytes
            int rc = FxStatVersion >= 0
                ? ((delegate* unmanaged<int, int, byte*, int>)FStat)(FxStatVersion, fd, stat)
                : FStat(fd, stat);
            return rc == 0 ? new FileId(*(ulong*)stat, *(ulong*)(stat + 8)) : null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static unsafe delegate* unmanaged<int, byte*, int> Find(out int fxStatVersion)
    {
        fxStatVersion = -1;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }
        foreach (string name in new[] { "libc.so.6", "libc.so", "libc" })
        {
            if (!NativeLibrary.TryLoad(name, out nint libc))
            {
                continue;
            }
            if (NativeLibrary.TryGetExport(libc, "fstat", out nint fstat))
            {
                return (delegate* unmanaged<int, byte*, int>)fstat;
            }
            if (NativeLibrary.TryGetExport(libc, "__fxstat", out nint fxstat))
            {
                fxStatVersion = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0; // _STAT_VER
                return (delegate* unmanaged<int, byte*, int>)fxstat;
            }
        }
        return null;
    }
}
