namespace Lab.Gateway.Descriptors;

/// <summary>
/// A few descriptors held on /dev/null so that they can be handed back the moment the process runs
/// out. At the limit the runtime itself still needs descriptors: every new thread opens a pipe
/// (2 descriptors; without them <c>Thread.Start</c> throws OutOfMemoryException, and the thread that
/// runs a SIGTERM handler dies the same way, which aborts the process with "Out of memory."), every
/// assembly loaded late keeps 2 open, and each <c>conn/&lt;N&gt;.log</c> append opens one.
/// Owned by <see cref="DescriptorGuard"/>, which calls it under its lock.
/// </summary>
internal sealed class DescriptorReserve(int size)
{
    private readonly List<int> _held = new(size);

    public int Size => size;
    public bool IsHeld => _held.Count == size;

    /// <summary>A descriptor of the reserve (any open one serves to probe with dup()); -1 while released.</summary>
    public int Any => _held.Count > 0 ? _held[0] : -1;

    /// <summary>Takes the whole reserve or nothing: false (and nothing held) when the process has fewer
    /// than <see cref="Size"/> descriptors free.</summary>
    public bool TryTake()
    {
        while (_held.Count < size)
        {
            var fd = DescriptorCalls.OpenPlaceholder(out _);
            if (fd < 0)
            {
                Release();
                return false;
            }
            _held.Add(fd);
        }
        return true;
    }

    public void Release()
    {
        foreach (var fd in _held)
            DescriptorCalls.CloseDescriptor(fd);
        _held.Clear();
    }
}
