using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Lab.Gateway.Descriptors;

/// <summary>The few descriptor system calls the guard needs, without the managed file stack (which
/// allocates, and at the limit would itself need what it is asked to measure).</summary>
internal static partial class DescriptorCalls
{
    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;
    private const int O_DIRECTORY = 0x10000;
    private const int F_DUPFD_CLOEXEC = 1030;
    private const int RLIMIT_NOFILE = 7;

    public const int EMFILE = 24;
    public const int ENFILE = 23;

    /// <summary>A new descriptor on /dev/null, or -1 with the errno in <paramref name="errno"/>.</summary>
    public static int OpenPlaceholder(out int errno)
    {
        var fd = Open("/dev/null", O_RDONLY | O_CLOEXEC);
        errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        return fd;
    }

    /// <summary>Whether one more descriptor could be had right now: dup() takes the lowest free number
    /// below the soft limit (the same rule accept() and pipe() follow), so its EMFILE is theirs.</summary>
    public static bool AnyFree(int someOpenDescriptor, out int errno)
    {
        var fd = Fcntl(someOpenDescriptor, F_DUPFD_CLOEXEC, 0);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }
        Close(fd);
        errno = 0;
        return true;
    }

    public static void CloseDescriptor(int fd) => Close(fd);

    /// <summary>The soft RLIMIT_NOFILE (what <c>ulimit -n</c> prints); read each time, because
    /// <c>prlimit --pid</c> can change it under a running process.</summary>
    public static long SoftLimit()
    {
        Span<ulong> limits = stackalloc ulong[2];
        return GetRlimit(RLIMIT_NOFILE, ref MemoryMarshal.GetReference(limits)) == 0 ? (long)Math.Min(limits[0], long.MaxValue) : -1;
    }

    /// <summary>Descriptors open in this process: the entries of /proc/self/fd, less ".", ".." and the one
    /// reading it; -1 when even that cannot be opened. Read with getdents64 into one stack buffer: no
    /// string per entry and no stat of each link, which Directory.Enumerate* would do (20,000 of them
    /// near the real limit).</summary>
    public static int InUse()
    {
        var dir = Open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir < 0)
            return -1;
        try
        {
            Span<byte> buffer = stackalloc byte[32 * 1024];
            var entries = 0;
            while (true)
            {
                var read = GetDents64(dir, ref MemoryMarshal.GetReference(buffer), buffer.Length);
                if (read <= 0)
                    return read < 0 ? -1 : entries - 3;
                // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                for (var offset = 0; offset < read; offset += BitConverter.ToUInt16(buffer[(offset + 16)..]))
                    entries++;
            }
        }
        finally
        {
            Close(dir);
        }
    }

    // .NET reports EMFILE and ENFILE alike (SocketError.TooManyOpenSockets, NativeErrorCode 23, "Too many
    // open files in system", measured here while strace showed accept4 failing with EMFILE): ask the
    // kernel again with dup() of any open descriptor, which fails the same way for the same shortage.
    public static string ErrnoOf(SocketException error, int someOpenDescriptor)
    {
        if (error.SocketErrorCode != SocketError.TooManyOpenSockets)
            return "ENOBUFS";
        return someOpenDescriptor >= 0 && !AnyFree(someOpenDescriptor, out var errno) ? ErrnoName(errno) : "EMFILE|ENFILE";
    }

    public static string ErrnoName(int errno) => errno switch
    {
        EMFILE => "EMFILE",
        ENFILE => "ENFILE",
        12 => "ENOMEM",
        105 => "ENOBUFS",
        _ => $"errno {errno}",
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, ref ulong limits);
}
