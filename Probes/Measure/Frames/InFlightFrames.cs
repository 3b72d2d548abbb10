namespace Lab.Probes.Frames;

/// <summary>
/// One echo connection's frames: up to <c>depth</c> in flight, oldest first, each with the Stopwatch
/// timestamp it was sent at; and the last <see cref="LostMemory"/> sequence numbers counted lost, so that
/// a reply showing up after its deadline reads as late, never as another frame's echo. Pure: no socket,
/// no clock of its own (the caller passes Stopwatch timestamps); the connection's loop is its only user.
/// </summary>
internal sealed class InFlightFrames
{
    /// <summary>How many lost sequence numbers a connection remembers (a ring, allocated on the first loss):
    /// a reply for an older one is counted corrupted, as any reply that names no frame is.</summary>
    public const int LostMemory = 256;

    private readonly long[] _seq;
    private readonly long[] _sentAt;
    private readonly long _deadlineTicks;
    private long[]? _lost;
    private int _lostNext;
    private long _highestEchoed = -1;

    public InFlightFrames(int depth, long deadlineTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(deadlineTicks, 1);
        _seq = new long[depth];
        _sentAt = new long[depth];
        _deadlineTicks = deadlineTicks;
    }

    public int Count { get; private set; }

    public bool Full => Count == _seq.Length;

    /// <summary>The sequence number the next frame gets: frames are numbered 0, 1, 2… in send order.</summary>
    public long NextSequence { get; private set; }

    /// <summary>When the oldest frame in flight was sent; <see cref="long.MaxValue"/> when none is.</summary>
    public long OldestSentAt => Count == 0 ? long.MaxValue : _sentAt[0];

    /// <summary>A frame leaves now: returns its sequence number.</summary>
    public long Send(long now)
    {
        if (Full)
            throw new InvalidOperationException($"{Count} frames already in flight");
        _seq[Count] = NextSequence;
        _sentAt[Count] = now;
        Count++;
        return NextSequence++;
    }

    /// <summary>Counts lost every frame in flight whose deadline has passed at <paramref name="now"/>.
    /// Frames leave in order, so the expired ones are at the front.</summary>
    public int Expire(long now)
    {
        var n = 0;
        while (n < Count && now - _sentAt[n] >= _deadlineTicks)
            Remember(_seq[n++]);
        RemoveAt(0, n);
        return n;
    }

    /// <summary>Matches a reply to its frame by sequence number. <paramref name="intact"/>: every byte after
    /// the sequence number is the frame's. <paramref name="sentAt"/> is set for a frame that was in flight.</summary>
    public EchoReply Match(long seq, bool intact, out long sentAt)
    {
        sentAt = 0;
        var i = Array.IndexOf(_seq, seq, 0, Count);
        if (i >= 0)
        {
            sentAt = _sentAt[i];
            RemoveAt(i, 1);
            if (!intact)
                return EchoReply.Corrupted;
            if (seq < _highestEchoed)
                return EchoReply.Reordered;
            _highestEchoed = seq;
            return EchoReply.Echo;
        }
        if (seq >= 0 && _lost is not null && (i = Array.IndexOf(_lost, seq)) >= 0)
        {
            _lost[i] = -1; // a second copy is not late again: it names no frame
            return intact ? EchoReply.Late : EchoReply.Corrupted;
        }
        return EchoReply.Corrupted; // a duplicate, a sequence number never sent, or one lost too long ago
    }

    private void Remember(long seq)
    {
        if (_lost is null)
        {
            _lost = new long[LostMemory];
            Array.Fill(_lost, -1);
        }
        _lost[_lostNext] = seq;
        _lostNext = (_lostNext + 1) % LostMemory;
    }

    private void RemoveAt(int index, int n)
    {
        if (n == 0)
            return;
        Array.Copy(_seq, index + n, _seq, index, Count - index - n);
        Array.Copy(_sentAt, index + n, _sentAt, index, Count - index - n);
        Count -= n;
    }
}
