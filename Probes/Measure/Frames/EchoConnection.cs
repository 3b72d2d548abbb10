using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Lab.Framing;
using Lab.Probes.Kernel;

namespace Lab.Probes.Frames;

/// <summary>
/// One connection of <c>probe frames --mode echo</c>: keeps up to depth frames in flight, splits the
/// <c>{packet,N}</c> byte stream back into replies, matches each reply to its frame by sequence number and
/// counts how it came back. Its loop owns all of its state; the deadline sweeper only reads
/// <see cref="OldestSentAt"/> and calls <see cref="Wake"/>, which cancels the receive under way so that the
/// loop counts its expired frames lost and sends new ones (a server that never answers must not hold it).
/// </summary>
internal sealed class EchoConnection
{
    private readonly Socket _socket;
    private readonly int _packet;
    private readonly byte[] _frame; // header, sequence number (rewritten for each frame), connection index, filler
    private readonly byte[] _buffer;
    private readonly InFlightFrames _inFlight;
    private readonly LatencyRecorder _latency;
    private readonly List<double> _samples;
    private CancellationTokenSource _wake = new();
    private long _oldestSentAt = long.MaxValue;
    private int _end;   // received bytes not yet split into replies, at the front of _buffer
    private long _skip; // bytes still to discard of a reply whose header declared another length

    public EchoConnection(Socket socket, int index, int size, int packet, int depth, long deadlineTicks, LatencyRecorder latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 12); // the sequence number (8 bytes) and the index (4) lead every payload
        _socket = socket;
        _packet = packet;
        var payload = new byte[size];
        for (var i = 12; i < size; i++)
            payload[i] = (byte)(i * 31 + index);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(8), index);
        _frame = PacketWriter.Encode(payload, packet);
        // Room for one whole reply at least, and for depth of them up to 64 KiB: a pipelined burst is one receive.
        _buffer = new byte[Math.Max(_frame.Length, Math.Min(_frame.Length * depth, 64 * 1024))];
        _inFlight = new InFlightFrames(depth, deadlineTicks);
        _latency = latency;
        _samples = latency.ForWorker();
    }

    /// <summary>Intact echoes (reordered ones included) that came back while the run was measuring.</summary>
    public long Echoed { get; private set; }

    public long Lost { get; private set; }

    public long Late { get; private set; }

    public long Reordered { get; private set; }

    public long Corrupted { get; private set; }

    /// <summary>When the oldest frame in flight was sent (Stopwatch timestamp); <see cref="long.MaxValue"/> when none is.</summary>
    public long OldestSentAt => Volatile.Read(ref _oldestSentAt);

    /// <summary>Cancels the receive under way (or the next one): the loop then counts what has expired.</summary>
    public void Wake() => Volatile.Read(ref _wake).Cancel();

    /// <summary>Sends until <paramref name="sending"/> is cancelled, then waits for what is still in flight,
    /// each frame until its deadline. <paramref name="hard"/> ends it whatever the server does.</summary>
    public async Task RunAsync(CancellationToken sending, CancellationToken hard, ErrorCounts errors)
    {
        using var registration = hard.Register(Wake);
        try
        {
            while (true)
            {
                while (!_inFlight.Full && !sending.IsCancellationRequested)
                    await SendNextAsync(hard);
                Volatile.Write(ref _oldestSentAt, _inFlight.OldestSentAt);
                if (_inFlight.Count == 0)
                    return; // the window is over and nothing is awaited
                int n;
                try
                {
                    n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, _wake.Token);
                }
                catch (OperationCanceledException) when (!hard.IsCancellationRequested)
                {
                    // The sweeper woke us: a deadline passed. Exchange (a full fence) before reading hard again,
                    // so that a hard stop either is seen here or cancels the new source.
                    Interlocked.Exchange(ref _wake, new CancellationTokenSource());
                    hard.ThrowIfCancellationRequested();
                    Lost += _inFlight.Expire(Stopwatch.GetTimestamp());
                    continue;
                }
                if (n == 0)
                    throw new EndOfStreamException();
                var now = Stopwatch.GetTimestamp();
                Lost += _inFlight.Expire(now); // first: a reply read after its frame's deadline is late
                _end += n;
                Split(now);
            }
        }
        catch (OperationCanceledException)
        {
            Lost += _inFlight.Expire(Stopwatch.GetTimestamp()); // the hard stop comes after every deadline; a user's Ctrl-C before them
        }
        // The connection's end is the error; its frames in flight are not counted lost as well (a gateway
        // shutting down closes connections with frames in flight: that is `closed by server`, not loss).
        catch (SocketException e)
        {
            errors.Add(ErrnoName.Of(e));
        }
        catch (EndOfStreamException)
        {
            errors.Add("closed by server");
        }
        finally
        {
            Volatile.Write(ref _oldestSentAt, long.MaxValue);
        }
    }

    public void CountInto(ErrorCounts errors)
    {
        errors.Add("lost", Lost);
        errors.Add("late", Late);
        errors.Add("reordered", Reordered);
        errors.Add("corrupted", Corrupted);
    }

    private async ValueTask SendNextAsync(CancellationToken hard)
    {
        var seq = _inFlight.Send(Stopwatch.GetTimestamp());
        BinaryPrimitives.WriteInt64BigEndian(_frame.AsSpan(_packet), seq);
        // Never cancelled by a wake: half a frame on the wire would shift every reply after it.
        await _socket.SendAsync(_frame, SocketFlags.None, hard);
    }

    /// <summary>Splits the received bytes into {packet,N} replies (gen_tcp's framing: the payload's length,
    /// big-endian, in N bytes) and classifies each; a partial reply stays at the front for the next receive.</summary>
    private void Split(long now)
    {
        var at = 0;
        while (true)
        {
            if (_skip > 0)
            {
                var k = (int)Math.Min(_skip, _end - at);
                at += k;
                _skip -= k;
                if (_skip > 0)
                    break;
            }
            if (_end - at < _packet)
                break;
            var length = ReadLength(_buffer.AsSpan(at, _packet));
            if (length != _frame.Length - _packet)
            {
                // Not an echo of any frame; skip its declared length so that the next reply still lines up.
                // Its frame, unanswered, is counted lost at its deadline.
                Corrupted++;
                at += _packet;
                _skip = length;
                continue;
            }
            if (_end - at < _frame.Length)
                break;
            Classify(_buffer.AsSpan(at, _frame.Length), now);
            at += _frame.Length;
        }
        _end -= at;
        if (_end > 0 && at > 0)
            Buffer.BlockCopy(_buffer, at, _buffer, 0, _end);
    }

    private void Classify(ReadOnlySpan<byte> reply, long now)
    {
        var seq = BinaryPrimitives.ReadInt64BigEndian(reply[_packet..]);
        var intact = reply[(_packet + 8)..].SequenceEqual(_frame.AsSpan(_packet + 8));
        switch (_inFlight.Match(seq, intact, out var sentAt))
        {
            case EchoReply.Late:
                Late++;
                return;
            case EchoReply.Corrupted:
                Corrupted++;
                return;
            case EchoReply.Reordered:
                Reordered++;
                break;
        }
        if (_latency.Measuring)
        {
            _samples.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalMicroseconds); // from this frame's send to its own echo
            Echoed++;
        }
    }

    private long ReadLength(ReadOnlySpan<byte> header) => _packet switch
    {
        1 => header[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(header),
        _ => BinaryPrimitives.ReadUInt32BigEndian(header),
    };
}
