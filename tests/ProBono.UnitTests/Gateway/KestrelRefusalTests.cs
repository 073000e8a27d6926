using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using ProBono.Gateway;
using ProBono.ServiceDefaults.Http;

namespace ProBono.UnitTests.Gateway;

/// <summary>
/// The recogniser of Kestrel's own refusals: Kestrel's exact bytes (as Kestrel 10 writes them, captured from a bare
/// Kestrel) become problems; nothing an application writes is touched.
/// </summary>
public sealed class KestrelRefusalTests
{
    private const string Date = "Date: Sun, 29 Nov 2026 19:10:50 GMT";

    private static string Refusal(string statusLine) =>
        $"HTTP/1.1 {statusLine}\r\nContent-Length: 0\r\nConnection: close\r\n{Date}\r\nServer: Kestrel\r\n\r\n";

    private static (string Head, Dictionary<string, string> Headers, JsonElement Problem) Parse(byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(h => h[0], h => h[1], StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        Assert.Equal(Encoding.UTF8.GetByteCount(body), int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture));
        return (lines[0], headers, JsonDocument.Parse(body).RootElement.Clone());
    }

    [Theory]
    [InlineData("400 Bad Request", 400)]
    [InlineData("414 URI Too Long", 414)]
    [InlineData("431 Request Header Fields Too Large", 431)]
    [InlineData("408 Request Timeout", 408)]
    [InlineData("505 HTTP Version Not Supported", 505)]
    public void Kestrels_refusal_becomes_the_same_status_with_a_problem_and_our_headers(string statusLine, int status)
    {
        Assert.True(KestrelRefusal.TryRewrite(Encoding.ASCII.GetBytes(Refusal(statusLine)), out var rewritten));

        var (head, headers, problem) = Parse(rewritten);
        Assert.Equal($"HTTP/1.1 {statusLine}", head);
        Assert.Equal("application/problem+json", headers["Content-Type"]);
        Assert.Equal("close", headers["Connection"]);
        Assert.Equal(Date, $"Date: {headers["Date"]}");
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Assert.Equal("no-store", headers["Cache-Control"]);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public void A_405_keeps_its_allow_header()
    {
        var refusal = "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n" + Date + "\r\nServer: Kestrel\r\nAllow: GET\r\n\r\n";

        Assert.True(KestrelRefusal.TryRewrite(Encoding.ASCII.GetBytes(refusal), out var rewritten));
        Assert.Equal("GET", Parse(rewritten).Headers["Allow"]);
    }

    public static TheoryData<string, string> NotRefusals() => new()
    {
        { "our own 400 problem", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nContent-Type: application/problem+json\r\n" + Date + "\r\n\r\n" },
        { "an application's empty 4xx (our headers)", "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n" + Date + "\r\nX-Content-Type-Options: nosniff\r\n\r\n" },
        { "a 204", "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n" + Date + "\r\nServer: Kestrel\r\n\r\n" },
        { "a 304", "HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\nConnection: close\r\n" + Date + "\r\nServer: Kestrel\r\n\r\n" },
        { "a 4xx kept alive", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n" + Date + "\r\nServer: Kestrel\r\n\r\n" },
        { "a 4xx with a body", "HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\nConnection: close\r\n" + Date + "\r\n\r\nno" },
        { "a chunked 4xx", "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n" + Date + "\r\n\r\n" },
        { "a refusal's text followed by more (a body holding it)", Refusal("400 Bad Request") + "more" },
        { "a refusal's text after other bytes", "data: " + Refusal("400 Bad Request") },
        { "HTTP/1.0", Refusal("400 Bad Request").Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal) },
        { "half of a head", Refusal("400 Bad Request")[..40] },
        { "the rest of a head", Refusal("400 Bad Request")[40..] },
        { "a status that is no number", Refusal("4x0 Bad Request") },
        { "a header line without a colon", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nnonsense\r\n\r\n" },
        { "nothing", "" },
    };

    [Theory]
    [MemberData(nameof(NotRefusals))]
    public void Anything_else_passes_untouched(string why, string written)
    {
        Assert.False(KestrelRefusal.TryRewrite(Encoding.ASCII.GetBytes(written), out _), why);
    }

    /// <summary>
    /// Through the stream, as the connection middleware uses it: a 1 MiB body (that holds a refusal's text, flushed
    /// on its own in the middle) arrives byte for byte, and only the refusal written after it is rewritten.
    /// </summary>
    [Fact]
    public async Task Through_the_stream_a_response_arrives_byte_for_byte_and_only_a_refusal_is_rewritten()
    {
        var socket = new Pipe();
        var http = PipeWriter.Create(new KestrelRefusalStream(socket.Writer), new StreamPipeWriterOptions(leaveOpen: true));
        var random = new Random(13);
        var body = new byte[1024 * 1024];
        random.NextBytes(body);
        // a body may hold a refusal's text, flushed on its own: with a byte before it, or one byte changed, it is no
        // refusal (the stream does not parse framing: only a flush that is exactly such a head, whole, is rewritten)
        var inBody = new[] { Encoding.ASCII.GetBytes("x" + Refusal("400 Bad Request")), Encoding.ASCII.GetBytes(Refusal("400 Bad Request")[..^1] + "y") };
        var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length + inBody.Sum(b => b.Length)}\r\n\r\n");
        var expected = new List<byte>();
        var reading = ReadAll(socket.Reader);

        async Task Send(byte[] bytes)
        {
            await http.WriteAsync(bytes);
            expected.AddRange(bytes);
        }
        await Send(response);
        await Send(body[..300_000]);
        await Send(inBody[0]);
        await Send(inBody[1]);
        await Send(body[300_000..]);
        await http.WriteAsync(Encoding.ASCII.GetBytes(Refusal("414 URI Too Long")));
        await http.CompleteAsync();
        await socket.Writer.CompleteAsync();

        var received = await reading;
        Assert.True(received.AsSpan(0, expected.Count).SequenceEqual(expected.ToArray()), "the response was changed on its way");
        var (head, headers, problem) = Parse(received[expected.Count..]);
        Assert.Equal("HTTP/1.1 414 URI Too Long", head);
        Assert.Equal("application/problem+json", headers["Content-Type"]);
        Assert.Equal(414, problem.GetProperty("status").GetInt32());
    }

    /// <summary>
    /// The pipe writer hands a flush over as one write per buffer segment: a refusal-shaped write that is not the
    /// whole of a flush (the last segment of a body, or followed by more) goes out as written.
    /// </summary>
    [Theory]
    [InlineData("after another write of the same flush", true, false)]
    [InlineData("followed by another write before the flush", false, true)]
    [InlineData("alone in its flush", false, false)]
    public async Task Only_a_refusal_that_is_a_whole_flush_is_rewritten(string why, bool before, bool after)
    {
        var socket = new Pipe();
        var stream = new KestrelRefusalStream(socket.Writer);
        var refusal = Encoding.ASCII.GetBytes(Refusal("400 Bad Request"));
        var expected = new List<byte>();
        if (before)
        {
            await stream.WriteAsync("body"u8.ToArray());
            expected.AddRange("body"u8.ToArray());
        }
        await stream.WriteAsync(refusal);
        expected.AddRange(refusal);
        if (after)
        {
            await stream.WriteAsync("more"u8.ToArray());
            expected.AddRange("more"u8.ToArray());
        }
        await stream.FlushAsync();
        await socket.Writer.CompleteAsync();

        var received = await ReadAll(socket.Reader);
        var rewritten = !received.AsSpan().SequenceEqual(expected.ToArray());
        Assert.True(rewritten == (!before && !after), $"{why}: {Encoding.ASCII.GetString(received)}");
        if (rewritten)
        {
            Assert.Equal(400, Parse(received).Problem.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task A_flush_reaches_the_connection_at_once()
    {
        var socket = new Pipe();
        var http = PipeWriter.Create(new KestrelRefusalStream(socket.Writer), new StreamPipeWriterOptions(leaveOpen: true));

        await http.WriteAsync("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());

        // nothing completed: what was flushed is readable now, not when the connection ends
        Assert.True(socket.Reader.TryRead(out var read));
        Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", Encoding.ASCII.GetString(read.Buffer));
    }

    private static async Task<byte[]> ReadAll(PipeReader reader)
    {
        using var all = new MemoryStream();
        await reader.CopyToAsync(all);
        return all.ToArray();
    }
}
