using System.Collections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Lab.Gateway.Transport;

/// <summary>A connection's features in one small array searched in order: the connection's own (its socket, its memory
/// pool, its close), then the few the middlewares and Kestrel's server set (Kestrel's connection keeps its extra features
/// in a list the same way). A dictionary would cost an idle connection several hundred bytes more.</summary>
internal sealed class ConnectionFeatures(GatewaySocketConnection connection) : IFeatureCollection
{
    private KeyValuePair<Type, object>[] _extra = [];
    private int _count;
    private int _revision;

    public bool IsReadOnly => false;

    public int Revision => _revision;

    public object? this[Type key]
    {
        get
        {
            if (key == typeof(ISocketCloseFeature))
                return connection.SocketClose;
            if (IsOwn(key))
                return connection;
            for (var i = 0; i < _count; i++)
            {
                if (_extra[i].Key == key)
                    return _extra[i].Value;
            }
            return null;
        }
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            if (IsOwn(key))
                throw new NotSupportedException($"{key.Name} is the connection's own");
            _revision++;
            var at = IndexOf(key);
            if (value is null)
            {
                if (at < 0)
                    return;
                _count--;
                Array.Copy(_extra, at + 1, _extra, at, _count - at);
                _extra[_count] = default;
                return;
            }
            if (at >= 0)
            {
                _extra[at] = new(key, value);
                return;
            }
            if (_count == _extra.Length)
                Array.Resize(ref _extra, Math.Max(4, _count * 2));
            _extra[_count++] = new(key, value);
        }
    }

    public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        yield return new(typeof(IConnectionSocketFeature), connection);
        yield return new(typeof(IMemoryPoolFeature), connection);
        yield return new(typeof(ISocketCloseFeature), connection.SocketClose);
        for (var i = 0; i < _count; i++)
            yield return _extra[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsOwn(Type key) =>
        key == typeof(IConnectionSocketFeature) || key == typeof(IMemoryPoolFeature) || key == typeof(ISocketCloseFeature);

    private int IndexOf(Type key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_extra[i].Key == key)
                return i;
        }
        return -1;
    }
}
