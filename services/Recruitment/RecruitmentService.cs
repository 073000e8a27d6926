using JasperFx.Events.Projections;
using ProBono.Recruitment.IntegrationEvents;
using ProBono.Recruitment.Marathons.AddingPartners;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Marathons.ChangingPartners;
using ProBono.Recruitment.Marathons.ChangingStatus;
using ProBono.Recruitment.Marathons.Scheduling;
using ProBono.Recruitment.Volunteers;
using ProBono.Recruitment.Volunteers.Attendance;
using ProBono.Recruitment.Volunteers.Attending;
using ProBono.Recruitment.Volunteers.Mails;
using ProBono.Recruitment.Volunteers.Browsing;
using ProBono.Recruitment.Volunteers.CheckingIn;
using ProBono.Recruitment.Volunteers.Erasing;
using ProBono.Recruitment.Volunteers.Registering;
using ProBono.Recruitment.Volunteers.Sources;
using ProBono.Recruitment.Volunteers.Withdrawing;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Mail;
using ProBono.ServiceDefaults.Messaging;

namespace ProBono.Recruitment;

/// <summary>Recruitment: marathons, partner quotas, volunteers, check-in. The composition root of its slices.</summary>
internal static class RecruitmentService
{
    public const string Name = "recruitment";
    public const string Database = "recruitmentdb";

    public static WebApplicationBuilder AddRecruitment(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRequestValidators(typeof(RecruitmentService).Assembly);
        builder.Services.AddGatewayOpenApi("Recruitment — marathons, partners, volunteers", Name);
        builder.AddMessaging(Name, typeof(RecruitmentService).Assembly);
        var marten = builder.AddEventStore(Database, options =>
            {
                options.DatabaseSchemaName = Name;
                options.Projections.Add<MarathonSummaryProjection>(ProjectionLifecycle.Inline);
                // every write loads what it decides on in constant time: a volunteer's snapshot and its roster's figures
                // by id; every filter below has an index (docs/adr/0007-registrations-at-constant-cost.md)
                options.Projections.Snapshot<Volunteer>(SnapshotLifecycle.Inline);
                options.Projections.Add<RosterFiguresProjection>(ProjectionLifecycle.Inline);
                options.Projections.Add<SourceFiguresProjection>(ProjectionLifecycle.Inline);
                options.Projections.Add<AttendanceProjection>(ProjectionLifecycle.Inline);
                options.Schema.For<Volunteer>().Index([v => v.MarathonId, v => v.PartnerId, v => v.Status, v => v.Arrival]);
                options.Schema.For<Volunteer>().Index([v => v.MarathonId, v => v.PartnerId, v => v.Arrival]);
                options.Schema.For<RosterFigures>().Index(r => r.MarathonId);
                options.Schema.For<SourceFigures>().Index(f => f.MarathonId);
                options.Schema.For<AttendanceLine>().Index([l => l.MarathonId, l => l.PartnerId, l => l.Arrival]);
                // a volunteer's last name and e-mail, outside the events so they can be erased (docs/adr/0016)
                options.Schema.For<VolunteerPersonalData>().Index(p => p.MarathonId);
                options.Schema.For<Copies.TeamForCompletion>().Index(t => t.MarathonId);
                // the desk finds a volunteer by badge code
                options.Schema.For<Volunteer>().Index(v => v.BadgeCode!);
                options.Schema.For<NoShowMailing>().Index(m => m.MarathonId);
                // the volunteers' mail queue, read by state by the mailer of every replica (docs/adr/0024)
                options.Schema.For<VolunteerMailing>().Index(m => m.State);
            })
            .PublishIntegrationEvents<RecruitmentIntegrationEvents>();
        // at completion, each partner's contact gets its no-shows over SMTP (ConnectionStrings:smtp; locally the AppHost's
        // smtp4dev); the relay's HotCold daemon runs the mailer on one node. Volunteers' mails are queued by a
        // subscription (registrations, promotions) and by the clock (reminders), and sent by the mailer of every replica
        if (SmtpServer.Of(builder.Configuration) is { } smtp)
        {
            builder.Services.AddSingleton(smtp);
            builder.Services.AddSingleton(VolunteerMailSettings.Of(smtp, builder.Configuration));
            marten.AddSubscriptionWithServices<NoShowMailer>(ServiceLifetime.Singleton);
            marten.AddSubscriptionWithServices<VolunteerMailQueue>(ServiceLifetime.Singleton);
            builder.Services.AddHostedService<VolunteerMailer>();
        }
        return builder;
    }

    public static WebApplication MapRecruitment(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.UseIdempotency();
        app.MapGatewayOpenApi();

        app.MapGroup("/api").WithTags("Marathons")
            .MapBrowseMarathons();

        app.MapGroup("/api").WithTags("Volunteers")
            .MapRegisterVolunteer()
            .MapRegisterVolunteersInBulk()
            .MapBrowseVolunteers()
            .MapBrowseAttendance()
            .MapWithdrawVolunteer();

        app.MapGroup("/admin").WithTags("Marathons (staff)").RequireAuthorization(Policies.Staff)
            .MapScheduleMarathon()
            .MapAddPartner()
            .MapChangePartner()
            .MapOpenRegistration()
            .MapCloseRegistration()
            .MapStartMarathon()
            .MapCompletionCheck()
            .MapCompleteMarathon();

        app.MapGroup("/admin").WithTags("Volunteers (staff)").RequireAuthorization(Policies.Staff)
            .MapCheckInVolunteer()
            .MapCheckInDesk()
            .MapVolunteerStats()
            .MapCampaignSources()
            .MapErasePersonalData()
            .MapSendReminders();
        // the page the day-before mail links to: its token is its key, no bearer token
        app.MapAttendancePage();
        // read models are derived data: staff replay them from the event store (docs/adr/0021)
        app.MapGroup("/admin").RequireAuthorization(Policies.Staff).MapRebuildProjections();
        app.MapFailedMessages();
        return app;
    }
}
