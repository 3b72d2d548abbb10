using System.Runtime.CompilerServices;

namespace Lab.Gateway.Connections;

/// <summary>Awaited, goes on on a thread-pool thread (see <see cref="SchedulingByLoad"/>): no allocation, the async
/// method's continuation is queued as it is.</summary>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    public ThreadPoolHop GetAwaiter() => this;

    public bool IsCompleted => false;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static go => go(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static go => go(), continuation, preferLocal: false);
}
