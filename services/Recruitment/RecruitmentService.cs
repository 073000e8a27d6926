using JasperFx.Events.Projections;
using ProBono.Recruitment.IntegrationEvents;
using ProBono.Recruitment.Marathons.AddingPartners;
using ProBono.Recruitment.Marathons.Browsing;
using ProBono.Recruitment.Marathons.ChangingStatus;
using ProBono.Recruitment.Marathons.Scheduling;
using ProBono.Recruitment.Volunteers.Browsing;
using ProBono.Recruitment.Volunteers.CheckingIn;
using ProBono.Recruitment.Volunteers.Registering;
using ProBono.Recruitment.Volunteers.Withdrawing;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.EventStore;
using ProBono.ServiceDefaults.Http;
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
        builder.Services.AddGatewayOpenApi("Recruitment — marathons, partners, volunteers", Name);
        builder.AddMessaging(Name, typeof(RecruitmentService).Assembly);
        builder.AddEventStore(Database, options =>
            {
                options.DatabaseSchemaName = Name;
                options.Projections.Add<MarathonSummaryProjection>(ProjectionLifecycle.Inline);
                options.Projections.Add<VolunteerProjection>(ProjectionLifecycle.Inline);
            })
            .PublishIntegrationEvents<RecruitmentIntegrationEvents>();
        return builder;
    }

    public static WebApplication MapRecruitment(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.MapGatewayOpenApi();

        app.MapGroup("/api").WithTags("Marathons")
            .MapBrowseMarathons();

        app.MapGroup("/api").WithTags("Volunteers")
            .MapRegisterVolunteer()
            .MapRegisterVolunteersInBulk()
            .MapBrowseVolunteers()
            .MapWithdrawVolunteer();

        app.MapGroup("/admin").WithTags("Marathons (staff)").RequireAuthorization(Policies.Staff)
            .MapScheduleMarathon()
            .MapAddPartner()
            .MapChangeMarathonStatus();

        app.MapGroup("/admin").WithTags("Volunteers (staff)").RequireAuthorization(Policies.Staff)
            .MapCheckInVolunteer()
            .MapVolunteerStats();
        app.MapFailedMessages();
        return app;
    }
}
