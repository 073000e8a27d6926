using ProBono.Feedback.Campaigns;
using ProBono.ServiceDefaults.Messaging;
using Contracts = ProBono.Contracts;

namespace ProBono.Feedback.IntegrationEvents;

/// <summary>Which of Feedback's domain events other services hear about, and in which words.</summary>
internal sealed class FeedbackIntegrationEvents : IntegrationEventMap
{
    public FeedbackIntegrationEvents()
    {
        // the surveys closed: their figures are final (the webhooks' impact.ready); the follow-up, months on, is not announced
        On<SurveysClosed>(e => new Contracts.ImpactReady(e.Data.MarathonId, e.Data.At, e.Version));
    }
}
