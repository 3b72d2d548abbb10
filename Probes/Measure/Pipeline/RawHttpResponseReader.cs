using System.Globalization;
using System.Text;

namespace Lab.Probes.Pipeline;

/// <summary>
/// Reads HTTP/1.1 responses one after another from a stream, framing each body by Content-Length or
/// chunked transfer coding (RFC 9112 sections 6 and 7.1) — just enough to check pipelined responses
/// arrive whole and in order. Not a general client: no trailers kept, no 1xx handling.
/// </summary>
internal sealed class RawHttpResponseReader(Stream stream)
{
    private readonly BufferedStream _in = new(stream, 64 * 1024);

    public async Task<RawHttpResponse> ReadAsync(CancellationToken cancellationToken)
    {
        var statusLine = await ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("connection closed before a response");
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], out var status))
            throw new InvalidDataException($"not an HTTP status line: {Lab.Common.Text.PeerText.Escape(statusLine)}");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        byte[] body;
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = await ReadChunkedAsync(cancellationToken);
        else if (headers.TryGetValue("Content-Length", out var cl) && long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            body = await ReadExactlyAsync((int)length, cancellationToken);
        else
            body = [];
        return new RawHttpResponse(parts[0], status, headers, body);
    }

    private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("connection closed inside a chunked body");
            var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                while (await ReadLineAsync(cancellationToken) is { Length: > 0 }) { } // trailers
                return body.ToArray();
            }
            body.Write(await ReadExactlyAsync(size, cancellationToken));
            await ReadLineAsync(cancellationToken); // the CRLF after the chunk
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await _in.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _in.ReadAsync(one, cancellationToken) == 0)
                return line.Length == 0 ? null : line.ToString();
            if (one[0] == '\n')
                return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
            if (line.Length > 16 * 1024)
                throw new InvalidDataException("an HTTP header line over 16 KiB");
        }
    }
}
