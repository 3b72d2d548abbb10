using System.IO.Pipelines;
using Lab.Gateway.Connections;

namespace Lab.Gateway.Middleware;

/// <summary>
/// Passes everything through and tells the connection's record when its output completes: completing the
/// output is what makes the transport close the socket, so that is the moment to note what the close will
/// put on the wire (FIN, or RST over unread bytes) and, once the transport has let go, that it did. It
/// decides nothing: <see cref="ConnectionEnding"/> does, from these reports and the others.
/// </summary>
internal sealed class ClosingPipeWriter(PipeWriter inner, ConnectionRecord record) : PassThroughPipeWriter(inner)
{
    public override void Complete(Exception? exception = null)
    {
        record.ClosingGracefully();
        Inner.Complete(exception);
        record.GracefulCloseSettled();
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        record.ClosingGracefully();
        await Inner.CompleteAsync(exception);
        record.GracefulCloseSettled(); // with inline scheduling the transport has sent its queue and closed by now
    }
}
