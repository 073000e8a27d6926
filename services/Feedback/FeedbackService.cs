using JasperFx.Events.Projections;
using ProBono.Feedback.Campaigns;
using ProBono.Feedback.Copies;
using ProBono.Feedback.FollowUp;
using ProBono.Feedback.Impact;
using ProBono.Feedback.IntegrationEvents;
using ProBono.Feedback.Reminders;
using ProBono.Feedback.Reports;
using ProBono.Feedback.SurveyPage;
using ProBono.Feedback.Surveys;
using ProBono.Feedback.TakeHome;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Feedback.Mail;

namespace ProBono.Feedback;

/// <summary>Feedback: surveys, reports, impact. The composition root of its slices.</summary>
internal static class FeedbackService
{
    public const string Name = "feedback";
    public const string Database = "feedbackdb";

    public static WebApplicationBuilder AddFeedback(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SurveyAnswerRecorder>();
        // the take-home documents: the tax figures of the settings (checked at start), and the names asked of Recruitment
        // when a document is made (docs/adr/0023-names-in-documents.md), a 503 when it does not answer in time
        builder.Services.AddSingleton(services => TaxSettings.Of(services.GetRequiredService<IConfiguration>()));
        builder.Services.AddHostedService<TaxSettingsCheck>();
        builder.Services.AddSingleton(NameSettings.Of(builder.Configuration));
        builder.Services.AddSingleton<RecruitmentNames>();
        builder.Services.AddSingleton<IExceptionProblems, NamesUnavailableProblems>();
        // reminders, follow-ups and closings fall by the clock: every replica looks, one claims each (docs/adr/0025)
        builder.Services.AddSingleton(SurveyTiming.Of(builder.Configuration));
        builder.Services.AddHostedService<SurveyClock>();
        // the survey's validator depends on the invitation's group, so it is built per answer, not resolved from DI
        RequestValidation.UseApiConventions();
        builder.Services.AddGatewayOpenApi("Feedback — surveys, reports, impact", Name);
        builder.AddMessaging(Name, typeof(FeedbackService).Assembly);
        var marten = builder.AddEventStore(Database, options =>
        {
            options.DatabaseSchemaName = Name;
            // the campaign's inline snapshot is the survey tallies of the report: one load by id, current as soon as an answer
            // commits; the invitations are documents of their own, listed by marathon (docs/adr/0011-feedback.md)
            options.Projections.Snapshot<SurveyCampaign>(SnapshotLifecycle.Inline);
            options.Schema.For<SurveyInvitation>().Index(i => i.MarathonId);
            // the survey clock's look for due reminders starts from the open invitations
            options.Schema.For<SurveyInvitation>().Index(i => i.ClosesAt);
            options.Schema.For<VolunteerForImpact>().Index(v => v.MarathonId);
            options.Schema.For<TeamForImpact>().Index(t => t.MarathonId);
            options.Schema.For<NeedForImpact>().Index(n => n.MarathonId);
        })
            // the closing of a campaign's surveys leaves as ImpactReady (docs/adr/0026)
            .PublishIntegrationEvents<FeedbackIntegrationEvents>();
        // invitations with an address are mailed over SMTP (ConnectionStrings:smtp; locally the AppHost's smtp4dev); the
        // relay's HotCold daemon runs the mailer on one node
        if (MailSettings.Of(builder.Configuration) is { } mail)
        {
            builder.Services.AddSingleton(mail);
            builder.Services.AddSingleton<VolunteerContacts>();
            marten.AddSubscriptionWithServices<InvitationMailer>(ServiceLifetime.Singleton);
        }
        return builder;
    }

    public static WebApplication MapFeedback(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.UseIdempotency();
        app.MapGatewayOpenApi();
        app.MapSurveyPage();

        app.MapGroup("/api").WithTags("Feedback")
            .MapSurveys()
            .MapPartnerImpact()
            .MapTaxPack()
            .MapCertificate();
        app.MapGroup("/admin").WithTags("Feedback (staff)").RequireAuthorization(Policies.Staff)
            .MapMarathonForImpact()
            .MapListInvitations()
            .MapOpenFollowUp()
            .MapReports();
        // read models are derived data: staff replay them from the event store (docs/adr/0021)
        app.MapGroup("/admin").RequireAuthorization(Policies.Staff).MapRebuildProjections();
        app.MapFailedMessages();
        return app;
    }
}
