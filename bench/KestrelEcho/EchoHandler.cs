using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Connections;

namespace KestrelEcho;

/// <summary>Echoes {packet,4} frames; a declared length over 65536 closes the connection.</summary>
public sealed class EchoHandler : ConnectionHandler
{
    private const int MaxPacket = 65536;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var header = new byte[4];
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            var wrote = false;
            while (buffer.Length >= 4)
            {
                buffer.Slice(0, 4).CopyTo(header);
                var length = BinaryPrimitives.ReadUInt32BigEndian(header);
                if (length > MaxPacket)
                    return;
                if (buffer.Length < 4 + length)
                    break;
                var frame = buffer.Slice(0, 4 + length);
                foreach (var segment in frame)
                    output.Write(segment.Span);
                wrote = true;
                buffer = buffer.Slice(frame.End);
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (wrote)
                await output.FlushAsync();
            if (result.IsCompleted)
                return;
        }
    }
}
