using JasperFx.Events.Projections;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Teams.Browsing;
using ProBono.Teams.DayBoard;
using ProBono.Teams.Editing;
using ProBono.Teams.Formation;
using ProBono.Teams.Formation.Committing;
using ProBono.Teams.Formation.Pinning;
using ProBono.Teams.Formation.Proposing;
using ProBono.Teams.IntegrationEvents;
using ProBono.Teams.Copies;
using ProBono.Teams.TheDay;

namespace ProBono.Teams;

/// <summary>Teams: formation, leads, the day's milestones and deliverables. The composition root of its slices.</summary>
internal static class TeamsService
{
    public const string Name = "teams";
    public const string Database = "teamsdb";

    public static WebApplicationBuilder AddTeams(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRequestValidators(typeof(TeamsService).Assembly);
        builder.Services.AddGatewayOpenApi("Teams — formation and the day itself", Name);
        builder.AddMessaging(Name, typeof(TeamsService).Assembly);
        builder.AddEventStore(Database, options =>
            {
                options.DatabaseSchemaName = Name;
                // a team and a marathon's formation are loaded by id (their inline snapshots, also what the API reads);
                // what formation reads of a marathon is three indexed queries by marathon (docs/adr/0010-teams.md)
                options.Projections.Snapshot<Team>(SnapshotLifecycle.Inline);
                options.Projections.Snapshot<Formation.Formation>(SnapshotLifecycle.Inline);
                options.Schema.For<Team>().Index([t => t.MarathonId, t => t.FormedAt]);
                options.Schema.For<Team>().GinIndexJsonData(); // partners and volunteers find their teams by containment
                options.Schema.For<NeedForFormation>().Index(n => n.MarathonId);
                options.Schema.For<VolunteerForFormation>().Index(v => v.MarathonId);
                // the day board's streams count a marathon's check-ins every few hundred milliseconds
                options.Schema.For<VolunteerForFormation>().Index([v => v.MarathonId, v => v.CheckedIn]);
                options.Schema.For<TeamSeat>().Index(s => s.MarathonId);
                options.Schema.For<StoredProposal>().Index(p => p.MarathonId);
            })
            .PublishIntegrationEvents<TeamsIntegrationEvents>();
        return builder;
    }

    public static WebApplication MapTeams(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.UseIdempotency();
        app.MapGatewayOpenApi();

        app.MapGroup("/api").WithTags("Teams")
            .MapBrowseTeams()
            .MapTheDay();

        app.MapGroup("/admin").WithTags("Formation (staff)").RequireAuthorization(Policies.Staff)
            .MapMarathonForFormation()
            .MapPinLead()
            .MapUnpinLead()
            .MapListPinnedLeads()
            .MapProposeFormation()
            .MapCommitFormation();

        app.MapGroup("/admin").WithTags("Teams (staff)").RequireAuthorization(Policies.Staff)
            .MapAddTeamMember()
            .MapRemoveTeamMember()
            .MapChangeTeamLead();

        app.MapGroup("/admin").WithTags("The day (staff)").RequireAuthorization(Policies.Staff)
            .MapDayBoard();
        // read models are derived data: staff replay them from the event store (docs/adr/0021)
        app.MapGroup("/admin").RequireAuthorization(Policies.Staff).MapRebuildProjections();
        app.MapFailedMessages();
        return app;
    }
}
