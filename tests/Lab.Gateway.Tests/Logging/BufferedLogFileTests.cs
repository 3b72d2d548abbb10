using System.Text;
using Lab.Gateway.Logging;

namespace Lab.Gateway.Tests.Logging;

/// <summary>gateway.log's writer: lines arrive whole and in order, and a full disk is counted, never thrown.</summary>
public class BufferedLogFileTests
{
    [Fact]
    public void LinesReachTheFileAtTheFlushAndAtDispose()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lab-buffered-{Guid.NewGuid():N}.log");
        try
        {
            using (var file = new BufferedLogFile(path, TimeSpan.FromHours(1)))
            {
                file.Write(new StringBuilder("first\n"));
                file.Flush();
                Assert.Equal("first\n", ReadShared(path));
                file.Write(new StringBuilder("second é\n"));
            }
            Assert.Equal("first\nsecond é\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFullDiskIsCountedNotThrown()
    {
        // /dev/full answers every write with ENOSPC.
        using var file = new BufferedLogFile("/dev/full", TimeSpan.FromHours(1));
        file.Write(new StringBuilder(new string('x', 100_000)));
        file.Flush();
        Assert.True(file.WriteFailures > 0);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
