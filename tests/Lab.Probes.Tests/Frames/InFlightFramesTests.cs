using Lab.Probes.Frames;

namespace Lab.Probes.Tests.Frames;

/// <summary>The bookkeeping behind echo's counts, on made-up clock readings (deadline: 100 ticks).</summary>
public class InFlightFramesTests
{
    private static InFlightFrames Frames(int depth) => new(depth, deadlineTicks: 100);

    [Fact]
    public void RepliesMatchTheirFramesInAnyOrder()
    {
        var f = Frames(4);
        for (var t = 0; t < 4; t++)
            Assert.Equal(t, f.Send(t));
        Assert.True(f.Full);
        Assert.Equal(EchoReply.Echo, f.Match(1, intact: true, out var sent1));
        Assert.Equal(1, sent1);
        Assert.Equal(EchoReply.Reordered, f.Match(0, intact: true, out var sent0));
        Assert.Equal(0, sent0);
        Assert.Equal(EchoReply.Echo, f.Match(3, intact: true, out _));
        Assert.Equal(EchoReply.Reordered, f.Match(2, intact: true, out _));
        Assert.Equal(0, f.Count);
        Assert.Equal(long.MaxValue, f.OldestSentAt);
    }

    [Fact]
    public void ExpiredFrameIsLostOnceAndItsReplyLate()
    {
        var f = Frames(1);
        f.Send(0);
        Assert.Equal(0, f.Expire(99));
        Assert.Equal(1, f.Expire(100));
        Assert.Equal(0, f.Expire(1000));
        Assert.Equal(1, f.Send(150));
        Assert.Equal(EchoReply.Late, f.Match(0, intact: true, out _)); // not frame 1's echo
        Assert.Equal(1, f.Count);
        Assert.Equal(EchoReply.Corrupted, f.Match(0, intact: true, out _)); // a second copy names no frame
        Assert.Equal(EchoReply.Echo, f.Match(1, intact: true, out var sent));
        Assert.Equal(150, sent);
    }

    [Fact]
    public void OnlyTheExpiredFramesAtTheFrontAreLost()
    {
        var f = Frames(3);
        f.Send(0);
        f.Send(50);
        f.Send(80);
        Assert.Equal(2, f.Expire(160));
        Assert.Equal(80, f.OldestSentAt);
        Assert.Equal(EchoReply.Echo, f.Match(2, intact: true, out _));
    }

    [Fact]
    public void DamagedOrUnknownRepliesAreCorrupted()
    {
        var f = Frames(2);
        f.Send(0);
        f.Send(1);
        Assert.Equal(EchoReply.Corrupted, f.Match(0, intact: false, out _)); // answers frame 0: it is not lost later
        Assert.Equal(EchoReply.Corrupted, f.Match(7, intact: true, out _)); // never sent
        Assert.Equal(EchoReply.Corrupted, f.Match(-1, intact: true, out _));
        Assert.Equal(1, f.Count);
        Assert.Equal(0, f.Expire(1000) - 1);
        Assert.Equal(EchoReply.Corrupted, f.Match(1, intact: false, out _)); // late and damaged
    }

    [Fact]
    public void OnlyTheLastLostFramesAreRemembered()
    {
        var f = Frames(1);
        for (var i = 0; i <= InFlightFrames.LostMemory; i++)
        {
            f.Send(i * 1000);
            Assert.Equal(1, f.Expire(i * 1000 + 100));
        }
        Assert.Equal(EchoReply.Corrupted, f.Match(0, intact: true, out _));
        Assert.Equal(EchoReply.Late, f.Match(1, intact: true, out _));
        Assert.Equal(EchoReply.Late, f.Match(InFlightFrames.LostMemory, intact: true, out _));
    }
}
