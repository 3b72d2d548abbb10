using System.Runtime.InteropServices;

namespace Lab.Gateway.Transport;

/// <summary>
/// The gateway's one readiness thread: a connection's socket is registered once, edge-triggered, and each event
/// resumes the connection's receive or send loop on this thread, which then reads or writes with one non-blocking
/// call; a listening socket is registered level-triggered, one accept per event, and its listener stops watching it
/// while its accepts are paused, so it is not reported again and again. .NET's socket engine instead tries each
/// receive first, finds nothing and waits, then receives again: two receive calls per frame where this makes one
/// (docs/performance.md names the profile), and accepting on the same thread keeps a short connection's whole life
/// on one thread.
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
    private ITarget?[] _slots = new ITarget?[1024];
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

    /// <summary>What a registered socket is told: whether it may be read (bytes, a FIN, an error), written, and whether
    /// the peer's end or an error has been reported.</summary>
    public interface ITarget
    {
        void OnEvents(bool readable, bool writable, bool ended);
    }

    /// <summary>What a registration asks to hear of.</summary>
    [Flags]
    public enum Interest
    {
        Read = 1,
        Write = 2,
        /// <summary>Level-triggered: reported at every wait while it is ready (a listener, which accepts one per event).</summary>
        Level = 4,
    }

    /// <summary>Registers a socket; its events reach <paramref name="target"/> from now on. Returns its slot.</summary>
    public int Register(ITarget target, nint fd, Interest interest)
    {
        int slot;
        lock (_table)
        {
            if (!_free.TryPop(out slot))
            {
                slot = _used++;
                if (slot == _slots.Length)
                {
                    var larger = new ITarget?[_slots.Length * 2];
                    Array.Copy(_slots, larger, _slots.Length);
                    Volatile.Write(ref _slots, larger);
                }
            }
            _slots[slot] = target;
        }
        if (!Control(EpollCtlAdd, fd, slot, interest))
        {
            var errno = Marshal.GetLastPInvokeError();
            Release(slot);
            throw ControlFailed("EPOLL_CTL_ADD", errno);
        }
        return slot;
    }

    /// <summary>Changes what a registered socket asks to hear of (none, with neither read nor write).</summary>
    public void Change(int slot, nint fd, Interest interest)
    {
        if (!Control(EpollCtlMod, fd, slot, interest))
            throw ControlFailed("EPOLL_CTL_MOD", Marshal.GetLastPInvokeError());
    }

    // The errno says which limit was met (ENOSPC: fs.epoll.max_user_watches; ENOMEM), which a bare SocketError cannot.
    private static System.Net.Sockets.SocketException ControlFailed(string operation, int errno) =>
        new((int)System.Net.Sockets.SocketError.SocketError, $"epoll_ctl {operation} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");

    private bool Control(int operation, nint fd, int slot, Interest interest)
    {
        var events = (interest & Interest.Level) != 0 ? 0 : EpollEt;
        if ((interest & Interest.Read) != 0)
            events |= EpollIn | EpollRdHup;
        if ((interest & Interest.Write) != 0)
            events |= EpollOut;
        var change = new EpollEvent { Events = events, Data = (ulong)slot };
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
                var target = slots[(int)events[i].Data];
                if (target is null)
                    continue;
                var flags = events[i].Events;
                try
                {
                    target.OnEvents(
                        readable: (flags & (EpollIn | EpollRdHup | EpollHup | EpollErr)) != 0,
                        writable: (flags & (EpollOut | EpollHup | EpollErr)) != 0,
                        ended: (flags & (EpollRdHup | EpollHup | EpollErr)) != 0);
                }
                catch (Exception)
                {
                    // A socket's loops catch their own; nothing here may stop every other socket's.
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
