using System.Text;

namespace Lab.Gateway.Logging;

/// <summary>
/// One connection's not-yet-written log lines as UTF-8. An idle connection holds only its
/// <c>init ok</c> line, so the first append takes exactly what it needs (a StringWriter held ~1.5 KB
/// per connection in chunks and spare capacity: gcdump with 10,000 held); later ones double.
/// </summary>
internal sealed class LineBuffer
{
    private byte[] _bytes = [];

    public int Length { get; private set; }

    public void Append(ReadOnlySpan<char> text)
    {
        var needed = Length + Encoding.UTF8.GetByteCount(text);
        if (needed > _bytes.Length)
            Array.Resize(ref _bytes, Length == 0 ? needed : Math.Max(needed, _bytes.Length * 2));
        Length += Encoding.UTF8.GetBytes(text, _bytes.AsSpan(Length));
    }

    /// <summary>The buffered bytes, and an empty buffer after.</summary>
    public ReadOnlyMemory<byte> Take()
    {
        var taken = _bytes.AsMemory(0, Length);
        _bytes = [];
        Length = 0;
        return taken;
    }
}
