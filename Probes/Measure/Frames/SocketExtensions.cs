using System.Net.Sockets;

namespace Lab.Probes.Frames;

internal static class SocketExtensions
{
    /// <summary>Receives exactly the buffer's length; end of stream first is an <see cref="EndOfStreamException"/>.</summary>
    public static async Task ReceiveExactlyAsync(this Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var got = 0;
        while (got < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cancellationToken);
            if (n == 0)
                throw new EndOfStreamException($"closed after {got} of {buffer.Length} bytes");
            got += n;
        }
    }
}
