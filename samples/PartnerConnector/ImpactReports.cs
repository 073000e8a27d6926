using System.Threading.Channels;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using ProBono.Client;
using FeedbackProblem = ProBono.Client.Feedback.Models.ProblemDetails;
using FeedbackValidationProblem = ProBono.Client.Feedback.Models.HttpValidationProblemDetails;

namespace ProBono.PartnerConnector;

/// <summary>
/// Downloads a marathon's impact report as a workbook (<c>GET /api/marathons/{mid}/impact?format=xlsx</c>) into the
/// reports folder, one at a time, after the webhook that announced it has been answered.
/// </summary>
internal sealed class ImpactReports(ProBonoClient probono, string folder, TextWriter output) : BackgroundService
{
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private readonly Channel<Guid> queue = Channel.CreateUnbounded<Guid>();

    public void Queue(Guid marathonId) => queue.Writer.TryWrite(marathonId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var marathonId in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var path = await Download(marathonId, stoppingToken);
                output.WriteLine($"impact report of marathon {marathonId} saved: {path}");
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // one failed download must not stop the listener: the report stays downloadable later
                output.WriteLine($"impact report of marathon {marathonId} not downloaded: {failure.Message}");
            }
        }
    }

    public async Task<string> Download(Guid marathonId, CancellationToken ct)
    {
        var request = probono.Feedback.Api.Marathons[marathonId].Impact.ToGetRequestInformation();
        // the format is a query parameter the request builder may not know yet: set on the built address (the adapter
        // would add the base address only when sending)
        request.PathParameters["baseurl"] = probono.RequestAdapter.BaseUrl!;
        var address = new UriBuilder(request.URI);
        address.Query = string.IsNullOrEmpty(address.Query) ? "format=xlsx" : $"{address.Query.TrimStart('?')}&format=xlsx";
        request.URI = address.Uri;
        request.Headers.Remove("Accept"); // the builder asks for JSON
        request.Headers.Add("Accept", XlsxMediaType);
        var errors = new Dictionary<string, ParsableFactory<IParsable>>
        {
            ["400"] = FeedbackValidationProblem.CreateFromDiscriminatorValue,
            ["4XX"] = FeedbackProblem.CreateFromDiscriminatorValue,
        };
        await using var body = await probono.RequestAdapter.SendPrimitiveAsync<Stream>(request, errors, ct)
            ?? throw new IOException("The platform answered with no report.");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"impact-{marathonId}.xlsx");
        var partial = path + ".part";
        await using (var file = File.Create(partial))
        {
            await body.CopyToAsync(file, ct);
        }
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
