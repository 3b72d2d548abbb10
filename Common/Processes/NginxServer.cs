using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lab.Common.Processes;

/// <summary>
/// A real nginx (Debian's package) on an ephemeral loopback port with a temporary config: one process,
/// no daemon, an access log that records nginx's own connection serial number ($connection) per
/// request, and keepalive_requests raised above any test's request count. Here rather than in test
/// support because the bench's HTTP calibration measures against it too, and bench references no test project.
/// </summary>
internal sealed class NginxServer : IDisposable
{
    private readonly Process _process;

    private NginxServer(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }
    public int Port { get; }
    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");
    public string AccessLog => Path.Combine(Directory, "access.log");

    public static NginxServer Start()
    {
        if (!File.Exists("/usr/sbin/nginx"))
            throw new InvalidOperationException("nginx is not installed: run ./lab setup (Debian package nginx)");
        var dir = System.IO.Directory.CreateTempSubdirectory("lab-nginx-").FullName;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            File.WriteAllText(Path.Combine(dir, "nginx.conf"), $$"""
                daemon off;
                master_process off;
                worker_processes 1;
                error_log {{dir}}/error.log warn;
                pid {{dir}}/nginx.pid;
                events { worker_connections 1024; }
                http {
                    log_format lab '$connection $connection_requests $request_uri $status';
                    access_log {{dir}}/access.log lab;
                    client_body_temp_path {{dir}}/body;
                    proxy_temp_path {{dir}}/proxy;
                    fastcgi_temp_path {{dir}}/fastcgi;
                    uwsgi_temp_path {{dir}}/uwsgi;
                    scgi_temp_path {{dir}}/scgi;
                    keepalive_requests 1000000;
                    server {
                        listen 127.0.0.1:{{port}};
                        location / { default_type text/plain; return 200 "nginx $request_uri\n"; }
                    }
                }
                """);
            var info = new ProcessStartInfo("/usr/sbin/nginx") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-e", Path.Combine(dir, "error.log"), "-p", dir, "-c", Path.Combine(dir, "nginx.conf") })
                info.ArgumentList.Add(a);
            var process = Process.Start(info)!;
            if (WaitListening(port, process))
                return new NginxServer(process, dir, port);
            if (!process.HasExited)
                process.Kill();
            if (attempt == 3)
                throw new InvalidOperationException($"nginx did not start: {File.ReadAllText(Path.Combine(dir, "error.log"))}");
        }
    }

    /// <summary>nginx's own connection numbers, from the access log.</summary>
    public HashSet<long> ConnectionsSeen() =>
        File.ReadAllLines(AccessLog).Select(l => long.Parse(l.Split(' ')[0])).ToHashSet();

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Until this nginx answers on the port. The port was picked free and released, so another
    /// process may have taken it meanwhile: a connect alone could reach that one; nginx's own reply
    /// ("nginx /lab-ready") cannot. A port lost that way makes nginx exit, and Start tries another.</summary>
    private static bool WaitListening(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                client.ReceiveTimeout = 2000;
                var stream = client.GetStream();
                stream.Write("GET /lab-ready HTTP/1.0\r\n\r\n"u8);
                using var reader = new StreamReader(stream);
                if (reader.ReadToEnd().Contains("nginx /lab-ready", StringComparison.Ordinal))
                    return true;
                return false; // someone else's server on this port
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                Thread.Sleep(50);
            }
        }
        return false;
    }
}
