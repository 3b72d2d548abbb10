using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Lab.Probes.Handshake;

/// <summary>
/// A socket made inside another network namespace: a thread of this process enters it (setns, per thread),
/// calls socket(), and comes back. The socket belongs to the namespace it was made in for its whole life, so
/// the client of an exchange can live in the peer namespace while everything else runs here, in one process.
/// </summary>
internal static class NamespaceSocket
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Create(string namespaceHandle, AddressFamily family)
    {
        Socket? made = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var own = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle(namespaceHandle);
                Enter(target.DangerousGetHandle(), namespaceHandle);
                try
                {
                    made = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
                }
                finally
                {
                    Enter(own.DangerousGetHandle(), "this thread's own namespace");
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return made ?? throw new InvalidOperationException($"could not make a socket in {namespaceHandle}", failure);
    }

    private static void Enter(nint fd, string what)
    {
        if (SetNs((int)fd, CloneNewNet) != 0)
            throw new InvalidOperationException($"setns into {what} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
