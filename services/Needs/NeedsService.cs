using JasperFx.Events.Projections;
using ProBono.Needs.Associations;
using ProBono.Needs.Board;
using ProBono.Needs.Browsing;
using ProBono.Needs.IntegrationEvents;
using ProBono.Needs.Copies;
using ProBono.Needs.Publishing;
using ProBono.Needs.Qualifying;
using ProBono.Needs.Rejecting;
using ProBono.Needs.Submitting;
using ProBono.Needs.Withdrawing;
using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.Messaging;

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
        builder.Services.AddRequestValidators(typeof(NeedsService).Assembly);
        builder.Services.AddGatewayOpenApi("Needs — associations and their needs", Name);
        builder.AddMessaging(Name, typeof(NeedsService).Assembly);
        builder.AddEventStore(Database, options =>
            {
                options.DatabaseSchemaName = Name;
                // a command loads the need (or association) it decides on by id: its inline snapshot, which is also the
                // document the API lists, through the indexes below (docs/adr/0008-needs.md)
                options.Projections.Snapshot<Need>(SnapshotLifecycle.Inline);
                options.Projections.Snapshot<Association>(SnapshotLifecycle.Inline);
                options.Projections.Add<NeedsBoardProjection>(ProjectionLifecycle.Async);
                options.Schema.For<Need>()
                    .Index([n => n.MarathonId, n => n.Status, n => n.SubmittedAt])
                    .Index([n => n.MarathonId, n => n.SubmittedAt]) // staff list a marathon's needs without a status, in order
                    .Index([n => n.AssociationId, n => n.MarathonId, n => n.SubmittedAt])
                    .Index([n => n.Status, n => n.SubmittedAt])
                    .Index(n => n.SubmittedAt);
                options.Schema.For<Association>().Index(a => a.Name);
            })
            .PublishIntegrationEvents<NeedsIntegrationEvents>();
        return builder;
    }

    public static WebApplication MapNeeds(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.UseIdempotency();
        app.MapGatewayOpenApi();

        app.MapGroup("/api").WithTags("Needs")
            .MapSubmitNeed()
            .MapBrowseNeeds()
            .MapWithdrawNeed();

        app.MapGroup("/admin").WithTags("Needs (staff)").RequireAuthorization(Policies.Staff)
            .MapRegisterAssociation()
            .MapListAssociations()
            .MapGetAssociation()
            .MapChangeAssociation()
            .MapNeedsBoard()
            .MapMarathonForNeeds();

        app.MapGroup("/admin").WithTags("Needs (staff)").RequireAuthorization(Policies.Staff)
            .MapQualifyNeed()
            .MapRejectNeed()
            .MapPublishNeed();
        // read models are derived data: staff replay them from the event store (docs/adr/0021)
        app.MapGroup("/admin").RequireAuthorization(Policies.Staff).MapRebuildProjections();
        app.MapFailedMessages();
        return app;
    }
}
