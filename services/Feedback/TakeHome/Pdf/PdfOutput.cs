using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PdfSharp.Pdf;

namespace ProBono.Feedback.TakeHome.Pdf;

/// <summary>
/// Where a document goes. PDFsharp's writer never seeks: it only reads <see cref="Stream.Position"/> to note each
/// object's offset for the cross-reference table. So a document is written straight to any writable stream through
/// <see cref="CountingStream"/>, with no in-memory copy of the file, seekable or not.
/// </summary>
internal static class PdfOutput
{
    public static void Save(PdfDocument document, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The PDF output must be writable.", nameof(output));
        }
        var counting = new CountingStream(output);
        document.Save(counting, closeStream: false);
        counting.Flush();
    }

    /// <summary>
    /// An HTTP answer carrying a PDF written by <paramref name="write"/> (e.g. <c>s => TaxPackPdf.Write(pack, s)</c>).
    /// PDFsharp writes synchronously (even its SaveAsync), which Kestrel's body refuses; so the file goes into a
    /// <see cref="FileBufferingWriteStream"/> (32 KiB in memory, the rest in a temporary file) and is then copied to the
    /// body asynchronously: one copy, bounded memory, and no thread blocked on a slow client.
    /// </summary>
    public static IResult Result(string fileName, Action<Stream> write) => new PdfResult(fileName, write);

    private sealed class PdfResult(string fileName, Action<Stream> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using var buffer = new FileBufferingWriteStream();
            write(buffer);
            var response = httpContext.Response;
            response.ContentType = "application/pdf";
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(fileName);
            response.Headers.ContentDisposition = disposition.ToString();
            await buffer.DrainBufferAsync(response.Body, httpContext.RequestAborted);
        }
    }

    /// <summary>A write-only pass-through that counts what went through it, which is all the position PDFsharp asks for.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private long written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => written;

        public override long Position
        {
            get => written;
            set => throw new NotSupportedException("A PDF is written front to back.");
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            written += count;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            written += buffer.Length;
        }

        public override void WriteByte(byte value)
        {
            inner.WriteByte(value);
            written++;
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A PDF is written front to back.");
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
