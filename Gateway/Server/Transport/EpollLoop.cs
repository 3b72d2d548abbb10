using System.Runtime.InteropServices;

namespace Lab.Gateway.Transport;

/// <summary>
/// The gateway's one readiness thread: every connection's socket is registered once, edge-triggered, for both
/// directions, and each event resumes the connection's receive or send loop on this thread, which then reads or
/// writes with one non-blocking call. .NET's socket engine instead tries each receive first, finds nothing and waits,
/// then receives again: two receive calls per frame where this makes one (docs/performance.md names the profile).
/// A slot freed by a close is reused only after the batch of events in hand is done, so an event read before the close
/// never reaches a newer connection's slot; one that comes later (a close the kernel defers) wakes a loop that finds
/// nothing to do.
/// </summary>
internal sealed unsafe partial class EpollLoop
{
    private const uint EpollIn = 0x001;
    private const uint EpollOut = 0x004;
    private const uint EpollErr = 0x008;
    private const uint EpollHup = 0x010;
    private const uint EpollRdHup = 0x2000;
    private const uint EpollEt = 1u << 31;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlMod = 3;
    private const int MaxEvents = 256;

    private static readonly Lazy<EpollLoop> s_shared = new(() => new EpollLoop());

    private readonly int _epoll;
    private readonly object _table = new();
    private GatewaySocketConnection?[] _slots = new GatewaySocketConnection?[1024];
    private readonly Stack<int> _free = new();
    private int _used;
    private List<int> _released = [];
    private List<int> _releasing = [];

    private EpollLoop()
    {
        _epoll = EpollCreate1(0x80000); // EPOLL_CLOEXEC
        if (_epoll < 0)
            throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
        new Thread(Run) { IsBackground = true, Name = "gateway epoll" }.Start();
    }

    /// <summary>The process's loop, started at first use.</summary>
    public static EpollLoop Shared => s_shared.Value;

    /// <summary>Registers the connection's socket for reading (and for writing too, with <paramref name="writable"/>); its
    /// events resume its loops from now on. Returns its slot.</summary>
    public int Register(GatewaySocketConnection connection, nint fd, bool writable)
    {
        int slot;
        lock (_table)
        {
            if (!_free.TryPop(out slot))
            {
                slot = _used++;
                if (slot == _slots.Length)
                {
                    var larger = new GatewaySocketConnection?[_slots.Length * 2];
                    Array.Copy(_slots, larger, _slots.Length);
                    Volatile.Write(ref _slots, larger);
                }
            }
            _slots[slot] = connection;
        }
        if (!Change(EpollCtlAdd, fd, slot, writable))
        {
            Release(slot);
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.SocketError);
        }
        return slot;
    }

    /// <summary>Adds writing to a registered socket's events. Writing is watched only once a send has found the kernel's
    /// buffer full: a socket registered for it is reported writable at once, an event for nothing on most connections.</summary>
    public void WatchWritable(int slot, nint fd)
    {
        if (!Change(EpollCtlMod, fd, slot, writable: true))
            throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.SocketError);
    }

    private bool Change(int operation, nint fd, int slot, bool writable)
    {
        var change = new EpollEvent { Events = EpollIn | EpollRdHup | EpollEt | (writable ? EpollOut : 0), Data = (ulong)slot };
        return EpollCtl(_epoll, operation, (int)fd, &change) == 0;
    }

    /// <summary>The connection's socket is closing (its close takes it out of the epoll set): its slot is free once the
    /// loop has finished the events in hand.</summary>
    public void Release(int slot)
    {
        lock (_table)
            _released.Add(slot);
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        while (true)
        {
            var count = EpollWait(_epoll, events, MaxEvents, -1);
            if (count < 0)
                continue; // EINTR
            var slots = Volatile.Read(ref _slots);
            for (var i = 0; i < count; i++)
            {
                var connection = slots[(int)events[i].Data];
                if (connection is null)
                    continue;
                var flags = events[i].Events;
                try
                {
                    if ((flags & (EpollRdHup | EpollHup | EpollErr)) != 0)
                        Volatile.Write(ref connection.EndReported, true);
                    if ((flags & (EpollIn | EpollRdHup | EpollHup | EpollErr)) != 0)
                        connection.Readable.Signal();
                    if ((flags & (EpollOut | EpollHup | EpollErr)) != 0)
                        connection.Writable.Signal();
                }
                catch (Exception)
                {
                    // A connection's loops catch their own; nothing here may stop every other connection's.
                }
            }
            FreeReleased();
        }
    }

    private void FreeReleased()
    {
        lock (_table)
        {
            if (_released.Count == 0)
                return;
            (_released, _releasing) = (_releasing, _released);
            foreach (var slot in _releasing)
            {
                _slots[slot] = null;
                _free.Push(slot);
            }
            _releasing.Clear();
        }
    }

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int operation, int fd, EpollEvent* change);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, EpollEvent* events, int maxEvents, int timeoutMs);
}
