using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.EventStore;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Teams.Marathons;

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
        builder.Services.AddGatewayOpenApi("Teams — formation and the day itself", Name);
        builder.AddMessaging(Name, typeof(TeamsService).Assembly);
        builder.AddEventStore(Database, options => options.DatabaseSchemaName = Name);
        return builder;
    }

    public static WebApplication MapTeams(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.MapGatewayOpenApi();
        app.MapGroup("/admin").WithTags("Teams (staff)").RequireAuthorization(Policies.Staff)
            .MapMarathonForFormation();
        app.MapFailedMessages();
        return app;
    }
}
