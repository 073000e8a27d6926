using ProBono.Feedback.Surveys;
using ProBono.Feedback.TakeHome.Pdf;

namespace ProBono.Feedback.TakeHome;

/// <summary>
/// <c>GET /api/marathons/{mid}/volunteers/{vid}/certificate.pdf</c>: a volunteer's certificate of participation as a PDF,
/// for the volunteer itself, its company and staff (<see cref="CertificateLoading"/> says who, and when there is one).
/// </summary>
internal static class CertificateEndpoint
{
    public static RouteGroupBuilder MapCertificate(this RouteGroupBuilder api)
    {
        api.MapGet("/marathons/{marathonId:guid}/volunteers/{volunteerId:guid}/certificate.pdf", async (
                Guid marathonId, Guid volunteerId, IQuerySession session, RecruitmentNames names, HttpContext http, CancellationToken ct) =>
            {
                var lang = SurveyLanguage.Of(http.Request, "fr");
                var certificate = await CertificateLoading.Load(session, names, http.User, marathonId, volunteerId, ct);
                var fileName = Reports.ReportEndpoints.FileName(certificate.MarathonName, certificate.Date, "pdf", $"certificate-{volunteerId:N}");
                return PdfOutput.Result(fileName, output => CertificatePdf.Write(certificate, lang, output));
            })
            .RequireAuthorization()
            .WithName("GetVolunteerCertificate")
            .WithQuery("lang", "fr (the default, else Accept-Language) or en: the certificate's language.", "fr", "en")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblems(400, 404, 409, 503)
            .WithSummary("A volunteer's certificate of participation as a PDF (the volunteer, its company, staff).")
            .WithDescription(
                "The person, the marathon, its date and venue, the association helped and its need, the hours given and the deliverable. Only " +
                "for a volunteer checked in at a completed marathon: 409 otherwise. Another company's volunteer, or another volunteer's " +
                "certificate, is 404. 503 with Retry-After when Recruitment does not give the name in time.");
        return api;
    }
}
