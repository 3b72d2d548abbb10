using System.Runtime.InteropServices;

namespace Lab.Gateway.Logging;

/// <summary>
/// Appends bytes to a file with the fewest system calls the kernel offers: open(O_APPEND|O_CREAT),
/// write, close. File.OpenHandle adds fstatfs, two flock, lseek and fstat to every open (strace),
/// which a reject loop pays once per connection for its <c>conn/&lt;N&gt;.log</c>.
/// </summary>
internal static partial class AppendOnlyFile
{
    private const int O_WRONLY = 0x1;
    private const int O_CREAT = 0x40;
    private const int O_APPEND = 0x400;
    private const int O_CLOEXEC = 0x80000;
    private const int EINTR = 4;

    /// <exception cref="IOException">The file cannot be opened or written.</exception>
    public static void Append(string path, ReadOnlySpan<byte> bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            using var handle = File.OpenHandle(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            RandomAccess.Write(handle, bytes, RandomAccess.GetLength(handle));
            return;
        }
        var fd = Open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, Convert.ToInt32("644", 8));
        if (fd < 0)
            throw Failure("open", path);
        try
        {
            while (!bytes.IsEmpty)
            {
                var written = Write(fd, bytes, bytes.Length);
                if (written < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR)
                        continue;
                    throw Failure("write", path);
                }
                bytes = bytes[(int)written..];
            }
        }
        finally
        {
            Close(fd);
        }
    }

    private static IOException Failure(string call, string path) =>
        new($"{call} {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
