using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.Gateway;

/// <summary>
/// Kestrel answers a request it cannot parse (414, 431, 400, 408) with a bare head before any middleware runs, and has
/// no hook to give it a body; so a connection middleware rewrites that head, and only it, into a problem+json answer
/// (ADR 13). HTTP/1.1 only: HTTP/2 and HTTP/3 refuse with stream resets, which would pass through untouched.
/// </summary>
internal static class KestrelRefusals
{
    internal static IHostApplicationBuilder AddKestrelRefusalProblems(this IHostApplicationBuilder builder)
    {
        // endpoint defaults reach every endpoint: those bound from URLs (ASPNETCORE_URLS, the AppHost) when the server
        // starts, and those a later ConfigureKestrel lists (tests' UseKestrel(port))
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => Answer(connection, next))));
        return builder;
    }

    private static async Task Answer(ConnectionContext connection, ConnectionDelegate next)
    {
        var original = connection.Transport;
        // the HTTP layer's writes are buffered here and arrive at the stream one flush at a time: Kestrel flushes a
        // refusal's head on its own, so the stream sees it whole
        var output = PipeWriter.Create(
            new KestrelRefusalStream(original.Output),
            new StreamPipeWriterOptions(connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool, leaveOpen: true));
        connection.Transport = new DuplexPipe(original.Input, output);
        try
        {
            await next(connection);
        }
        finally
        {
            await output.CompleteAsync();
            // the transport completes and closes what it made, not our wrapper
            connection.Transport = original;
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>
/// Passes every write on; a flush that is one Kestrel refusal and nothing else goes out rewritten. A refusal-shaped
/// write is held until the flush proves it was the whole of it, so the tail of a larger flush is never taken for one.
/// </summary>
internal sealed class KestrelRefusalStream(PipeWriter output) : Stream
{
    private bool writtenSinceFlush;
    private (byte[] Written, byte[] Problem)? held;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// A copy into the connection's output, without a flush of its own: the pipe writer flushes the stream once after
    /// the writes of one flush (a flush per write would flush the connection twice for every answer).
    /// </summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (held is { } notAlone)
        {
            output.Write(notAlone.Written);
            held = null;
        }
        if (!writtenSinceFlush && KestrelRefusal.TryRewrite(buffer, out var problem))
        {
            held = (buffer.ToArray(), problem);
        }
        else
        {
            output.Write(buffer);
        }
        writtenSinceFlush = true;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        Release();
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Only when the pipe writer completes with bytes it never flushed (the HTTP layer flushes before it completes):
    /// without blocking, the connection's output publishes what it holds when it completes.
    /// </summary>
    public override void Flush() => Release();

    /// <summary>The flush ends here: a write held was the whole of it.</summary>
    private void Release()
    {
        if (held is { } alone)
        {
            output.Write(alone.Problem);
            held = null;
        }
        writtenSinceFlush = false;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// Tells Kestrel's refusal from everything else written on a connection, and rewrites it: one whole head in one write,
/// 4xx or 5xx, <c>Content-Length: 0</c>, <c>Connection: close</c>, and no Content-Type, Transfer-Encoding or
/// X-Content-Type-Options. Our pipeline never answers that way (its errors have a problem body, every answer says
/// nosniff); what the shape leaves possible is in ADR 13.
/// </summary>
internal static class KestrelRefusal
{
    /// <summary>Kestrel's refusals are a status line and four or five short headers; anything longer is not one.</summary>
    private const int MaxHeadLength = 1024;

    private static ReadOnlySpan<byte> Http11 => "HTTP/1.1 "u8;

    private static ReadOnlySpan<byte> EndOfHead => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    internal static bool TryRewrite(ReadOnlySpan<byte> written, out byte[] problem)
    {
        problem = [];
        if (written.Length > MaxHeadLength || written.Length < Http11.Length + 4 || !written.StartsWith(Http11)
            || written[Http11.Length] is not ((byte)'4' or (byte)'5'))
        {
            return false;
        }
        if (written.IndexOf(EndOfHead) != written.Length - EndOfHead.Length)
        {
            return false; // not a head alone
        }
        var statusLineEnd = written.IndexOf(Crlf);
        var statusLine = written[..statusLineEnd];
        if (statusLine.Length < Http11.Length + 3 || !int.TryParse(statusLine.Slice(Http11.Length, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || (statusLine.Length > Http11.Length + 3 && statusLine[Http11.Length + 3] != (byte)' '))
        {
            return false;
        }
        var headers = written[(statusLineEnd + Crlf.Length)..^Crlf.Length]; // each header line ends with CRLF
        bool emptyBody = false, closes = false;
        foreach (var range in new HeaderLines(headers))
        {
            var line = headers[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Is(name, "Content-Length"u8))
            {
                emptyBody = value.SequenceEqual("0"u8);
            }
            else if (Is(name, "Connection"u8))
            {
                closes = Is(value, "close"u8);
            }
            else if (Is(name, "Content-Type"u8) || Is(name, "Transfer-Encoding"u8) || Is(name, "X-Content-Type-Options"u8))
            {
                return false;
            }
        }
        if (!emptyBody || !closes)
        {
            return false;
        }
        problem = Rewrite(written[..statusLineEnd], headers, status);
        return true;
    }

    private static bool Is(ReadOnlySpan<byte> text, ReadOnlySpan<byte> expected) =>
        Ascii.EqualsIgnoreCase(text, expected);

    /// <summary>The same status line, every header but Content-Length as Kestrel wrote it (Date, Server, Connection, Allow), ours, and the problem.</summary>
    private static byte[] Rewrite(ReadOnlySpan<byte> statusLine, ReadOnlySpan<byte> headers, int status)
    {
        var body = Body(status);
        var head = new ArrayBufferWriter<byte>(MaxHeadLength);
        head.Write(statusLine);
        head.Write(Crlf);
        foreach (var range in new HeaderLines(headers))
        {
            var line = headers[range];
            if (!Is(line[..line.IndexOf((byte)':')], "Content-Length"u8))
            {
                head.Write(line);
                head.Write(Crlf);
            }
        }
        head.Write("Content-Type: application/problem+json\r\n"u8);
        head.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n"));
        // the headers SecurityHeaders puts on every answer; no path is known, and no answer of this kind may be stored
        head.Write("X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCache-Control: no-store\r\n\r\n"u8);
        head.Write(body);
        return head.WrittenSpan.ToArray();
    }

    private static byte[] Body(int status)
    {
        var (type, title, detail) = Words(status);
        var json = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }
        return json.WrittenSpan.ToArray();
    }

    /// <summary>What the status means here, in our words (the titles those statuses have everywhere, <see cref="StatusTitles"/>).</summary>
    private static (string Type, string Title, string Detail) Words(int status) => status switch
    {
        400 => ("https://tools.ietf.org/html/rfc9110#section-15.5.1", StatusTitles.Of(status),
            "The request line or headers could not be read (a control character in the path, or a malformed header, for example)."),
        405 => ("https://tools.ietf.org/html/rfc9110#section-15.5.6", StatusTitles.Of(status), "This server does not take this method."),
        408 => ("https://tools.ietf.org/html/rfc9110#section-15.5.9", StatusTitles.Of(status), "The request headers did not arrive in time."),
        413 => ("https://tools.ietf.org/html/rfc9110#section-15.5.14", StatusTitles.Of(status), "The body is larger than this server takes."),
        414 => ("https://tools.ietf.org/html/rfc9110#section-15.5.15", StatusTitles.Of(status), "The request line is longer than this server takes."),
        431 => ("https://tools.ietf.org/html/rfc6585#section-5", StatusTitles.Of(status), "The headers are larger than this server takes."),
        505 => ("https://tools.ietf.org/html/rfc9110#section-15.6.6", StatusTitles.Of(status), "This server speaks HTTP/1.1."),
        _ => ("about:blank", StatusTitles.Of(status), "The server refused the request before reading it."),
    };

    /// <summary>The header lines of a head (without its final CRLF), as ranges, without allocating.</summary>
    private ref struct HeaderLines(ReadOnlySpan<byte> headers)
    {
        private readonly ReadOnlySpan<byte> headers = headers;
        private int start;

        public Range Current { get; private set; }

        public readonly HeaderLines GetEnumerator() => this;

        public bool MoveNext()
        {
            if (start >= headers.Length)
            {
                return false;
            }
            var end = headers[start..].IndexOf("\r\n"u8);
            end = end < 0 ? headers.Length : start + end;
            Current = start..end;
            start = end + 2;
            return true;
        }
    }
}
