using System.Text;
using Lab.Gateway.Logging;

namespace Lab.Gateway.Tests.Logging;

/// <summary>open(O_APPEND|O_CREAT), write, close: creates, appends, and reports failure as IOException.</summary>
public class AppendOnlyFileTests
{
    [Fact]
    public void CreatesThenAppends()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lab-append-{Guid.NewGuid():N}.log");
        try
        {
            AppendOnlyFile.Append(path, Encoding.UTF8.GetBytes("one\n"));
            AppendOnlyFile.Append(path, Encoding.UTF8.GetBytes("two é\n"));
            Assert.Equal("one\ntwo é\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileThatCannotBeOpenedIsAnIOException()
    {
        // A path below a regular file can never exist (ENOTDIR), whoever runs the test.
        var file = Path.GetTempFileName();
        try
        {
            var e = Assert.Throws<IOException>(() => AppendOnlyFile.Append(Path.Combine(file, "x.log"), "x"u8));
            Assert.Contains("open", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AFullDiskIsAnIOException() =>
        Assert.Throws<IOException>(() => AppendOnlyFile.Append("/dev/full", new byte[4096]));
}
