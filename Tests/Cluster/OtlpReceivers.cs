using System.Diagnostics;
using System.Net;
using System.Text;
using KerjasamaGraph.Tests.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace KerjasamaGraph.Tests.Cluster;

/// <summary>An OTLP metrics receiver on 127.0.0.1 (a free port) that records every export it is sent.</summary>
public abstract class OtlpReceiver : IDisposable
{
    private readonly List<Request> _requests = new();

    public sealed record Request(string Path, string? ContentType, byte[] Body)
    {
        /// <summary>Whether the body holds <paramref name="text"/> (UTF-8, as protobuf stores strings; gRPC frames keep them whole).</summary>
        public bool Contains(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }

    protected OtlpReceiver()
    {
        Port = ConnectTests.FreePort();
        Address = $"http://127.0.0.1:{Port}";
    }

    protected int Port { get; }

    /// <summary>The endpoint to give the exporter (no path).</summary>
    public string Address { get; }

    protected void Record(Request request)
    {
        lock (_requests) _requests.Add(request);
    }

    /// <summary>The first request whose body holds every one of <paramref name="texts"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<Request> WaitFor(TimeSpan timeout, params string[] texts)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (_requests)
            {
                if (_requests.FirstOrDefault(r => texts.All(r.Contains)) is { } found) return found;
                if (clock.Elapsed > timeout)
                {
                    Assert.Fail($"no request held {string.Join(", ", texts)} within {timeout.TotalSeconds} s; {_requests.Count} request(s): "
                                + string.Join("; ", _requests.Select(r => $"{r.Path} {r.ContentType} {r.Body.Length} bytes")));
                }
            }
            await Task.Delay(100);
        }
    }

    public abstract void Dispose();
}

/// <summary>OTLP over HTTP (http/protobuf): records every POST and answers with an empty export response.</summary>
public sealed class OtlpHttpReceiver : OtlpReceiver
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpHttpReceiver()
    {
        _listener.Prefixes.Add(Address + "/");
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Record(new Request(context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public override void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}

/// <summary>
/// OTLP over gRPC: HTTP/2 without TLS (as an OTLP collector listens on 4317), answering every call as the collector's
/// MetricsService/Export does when it accepts the whole export: an empty response message (one gRPC frame of length 0)
/// and the trailer grpc-status 0.
/// </summary>
public sealed class OtlpGrpcReceiver : OtlpReceiver
{
    private readonly WebApplication _app;

    public OtlpGrpcReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, o => o.Protocols = HttpProtocols.Http2));
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Record(new Request(context.Request.Path.Value ?? "", context.Request.ContentType, body.ToArray()));
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5]); // not compressed, length 0: ExportMetricsServiceResponse {}
            context.Response.AppendTrailer("grpc-status", "0");
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public override void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
