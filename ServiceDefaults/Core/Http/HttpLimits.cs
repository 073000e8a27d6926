using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ProBono.ServiceDefaults.Problems;

namespace ProBono.ServiceDefaults.Http;

/// <summary>
/// How much a caller may send, checked in the pipeline so that a refusal is a problem naming the limit (414, 431; 413
/// is Kestrel's body limit, met while the endpoint reads, so the exception handler answers). Kestrel's request-line and
/// header limits are a backstop four times larger, refused before any middleware; the gateway gives those a body (ADR 13).
/// </summary>
public static class HttpLimits
{
    /// <summary>The longest path and query a caller may send (<c>Http:MaxUrlLength</c>).</summary>
    public const int DefaultMaxUrlLength = 8 * 1024;

    /// <summary>The most header bytes (names and values) a caller may send (<c>Http:MaxHeadersBytes</c>).</summary>
    public const int DefaultMaxHeadersBytes = 32 * 1024;

    /// <summary>The largest body a caller may send unless the endpoint says otherwise (<c>Http:MaxBodyBytes</c>).</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Kestrel's own limits, past which it refuses the request itself: four times ours.</summary>
    private const int BackstopFactor = 4;

    internal static IHostApplicationBuilder AddHttpLimits(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Http");
        var maxUrl = section.GetValue("MaxUrlLength", DefaultMaxUrlLength);
        var maxHeaders = section.GetValue("MaxHeadersBytes", DefaultMaxHeadersBytes);
        var maxBody = section.GetValue("MaxBodyBytes", DefaultMaxBodyBytes);
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, maxUrl * BackstopFactor);
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(kestrel.Limits.MaxRequestHeadersTotalSize, maxHeaders * BackstopFactor);
            // one header may be as large as all of them together: the total is what we check
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = Math.Max(kestrel.Limits.Http2.MaxRequestHeaderFieldSize, maxHeaders * BackstopFactor);
        });
        builder.Services.Configure<HttpLimitOptions>(o =>
        {
            o.MaxUrlLength = maxUrl;
            o.MaxHeadersBytes = maxHeaders;
        });
        return builder;
    }

    /// <summary>Refuses a long URL (414) or large headers (431) with a problem, before anything reads them.</summary>
    internal static IApplicationBuilder UseHttpLimits(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpLimitOptions>>().Value;
        return app.Use(async (http, next) =>
        {
            var request = http.Request;
            var url = request.PathBase.Value!.Length + request.Path.Value!.Length + request.QueryString.Value!.Length;
            if (url > options.MaxUrlLength)
            {
                await Refuse(http, StatusCodes.Status414UriTooLong, $"The path and query may be at most {options.MaxUrlLength} characters.");
                return;
            }
            long headers = 0;
            foreach (var (name, values) in request.Headers)
            {
                headers += name.Length;
                foreach (var value in values)
                {
                    headers += value?.Length ?? 0;
                }
            }
            if (headers > options.MaxHeadersBytes)
            {
                await Refuse(http, StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The headers may hold at most {options.MaxHeadersBytes} bytes.");
                return;
            }
            await next(http);
        });
    }

    /// <summary>Lets one endpoint (a file import) take a body larger than <c>Http:MaxBodyBytes</c>.</summary>
    public static TBuilder AcceptsBodyUpTo<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    private static async Task Refuse(HttpContext http, int status, string detail)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = StatusTitles.Of(status), Detail = detail },
        });
    }

    /// <summary>Read by the routing middleware, which sets the request's body limit for the endpoint it chose.</summary>
    private sealed class BodyLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => bytes;
    }
}

internal sealed class HttpLimitOptions
{
    public int MaxUrlLength { get; set; } = HttpLimits.DefaultMaxUrlLength;

    public int MaxHeadersBytes { get; set; } = HttpLimits.DefaultMaxHeadersBytes;
}
