using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Connections;

namespace Lab.Gateway.Transport;

/// <summary>
/// Kestrel's socket connection, told apart only by its disposal, which Kestrel calls once for every connection it
/// accepted when the connection's code is done: <see cref="SchedulingByLoad"/> counts it closed there. The
/// connection's closed token was not used for that: Kestrel fires it from a queued work item that may find it
/// already disposed, and a missed decrement would leave every later connection inline.
/// </summary>
internal sealed class CountedConnection(ConnectionContext inner, SchedulingByLoad owner) : ConnectionContext
{
    private int _disposed;

    public override string ConnectionId { get => inner.ConnectionId; set => inner.ConnectionId = value; }
    public override IFeatureCollection Features => inner.Features;
    public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }
    public override IDuplexPipe Transport { get => inner.Transport; set => inner.Transport = value; }
    public override EndPoint? LocalEndPoint { get => inner.LocalEndPoint; set => inner.LocalEndPoint = value; }
    public override EndPoint? RemoteEndPoint { get => inner.RemoteEndPoint; set => inner.RemoteEndPoint = value; }
    public override CancellationToken ConnectionClosed { get => inner.ConnectionClosed; set => inner.ConnectionClosed = value; }

    public override void Abort() => inner.Abort();

    public override void Abort(ConnectionAbortedException abortReason) => inner.Abort(abortReason);

    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            owner.Closed();
        return inner.DisposeAsync();
    }
}
