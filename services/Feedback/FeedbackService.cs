using ProBono.ServiceDefaults.Auth;
using ProBono.ServiceDefaults.EventStore;
using ProBono.ServiceDefaults.Http;
using ProBono.ServiceDefaults.Messaging;
using ProBono.Feedback.Marathons;

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
        builder.Services.AddGatewayOpenApi("Feedback — surveys, reports, impact", Name);
        builder.AddMessaging(Name, typeof(FeedbackService).Assembly);
        builder.AddEventStore(Database, options => options.DatabaseSchemaName = Name);
        return builder;
    }

    public static WebApplication MapFeedback(this WebApplication app)
    {
        app.UseServiceDefaults();
        app.MapGatewayOpenApi();
        app.MapGroup("/admin").WithTags("Feedback (staff)").RequireAuthorization(Policies.Staff)
            .MapMarathonForImpact();
        app.MapFailedMessages();
        return app;
    }
}
