using System.Text;
using Lab.Gateway.Logging;

namespace Lab.Gateway.Tests.Logging;

/// <summary>A connection's pending lines: exact on the first line, whole and in order after growth.</summary>
public class LineBufferTests
{
    [Fact]
    public void FirstLineTakesExactlyItsBytesAndLaterOnesKeepOrder()
    {
        var buffer = new LineBuffer();
        buffer.Append("init ok #Port<0.7> peer=127.0.0.1:5000\n");
        Assert.Equal(Encoding.UTF8.GetByteCount("init ok #Port<0.7> peer=127.0.0.1:5000\n"), buffer.Length);

        var lines = Enumerable.Range(0, 200).Select(i => $"frame {i} héllo\n").ToList();
        foreach (var line in lines)
            buffer.Append(line);
        var taken = buffer.Take();

        Assert.Equal("init ok #Port<0.7> peer=127.0.0.1:5000\n" + string.Concat(lines), Encoding.UTF8.GetString(taken.Span));
        Assert.Equal(0, buffer.Length);
        Assert.True(buffer.Take().IsEmpty);
    }
}
