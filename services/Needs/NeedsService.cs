using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.EventStore;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Needs.Marathons;

namespace ProBono.Needs;

/// <summary>Needs: associations and their needs. The composition root of its slices.</summary>
internal static class NeedsService
{
    public const string Name = "needs";
    public const string Database = "needsdb";

    public static WebApplicationBuilder AddNeeds(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddGatewayOpenApi("Needs — associations and their needs", Name);
        builder.AddMessaging(Name, typeof(NeedsService).Assembly);
        builder.AddEventStore(Database, options => options.DatabaseSchemaName = Name);
        return builder;
    }

    public static WebApplication MapNeeds(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.MapGatewayOpenApi();
        app.MapGroup("/admin").WithTags("Needs (staff)").RequireAuthorization(Policies.Staff)
            .MapMarathonForNeeds();
        app.MapFailedMessages();
        return app;
    }
}
