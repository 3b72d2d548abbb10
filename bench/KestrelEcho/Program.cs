using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using KestrelEcho;
using Lab.Common.Diagnostics;

// The framework default, for the benchmark: Kestrel with default settings and a minimal
// ConnectionHandler that echoes {packet,4} frames; no logging, no ids, no policies.
// Usage: KestrelEcho PORT   (0 = ephemeral; prints "listening PORT")
var port = args.Length > 0 ? int.Parse(args[0]) : 0;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
ListenOptions? listen = null;
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => { listen = l; l.UseConnectionHandler<EchoHandler>(); }));
var app = builder.Build();
await app.StartAsync();
// SIGUSR1 prints the process's allocation totals, as the gateway does, for ./lab bench's allocation rows.
using var runtimeReport = RuntimeReport.Register();
Console.WriteLine($"listening {((IPEndPoint)listen!.EndPoint).Port}");
await app.WaitForShutdownAsync();
