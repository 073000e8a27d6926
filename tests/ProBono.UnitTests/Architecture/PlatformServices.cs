using System.Reflection;
using ProBono.Feedback;
using ProBono.Needs;
using ProBono.Recruitment;
using ProBono.Teams;
using ProBono.Webhooks;

namespace ProBono.UnitTests.Architecture;

/// <summary>The services' assemblies, by assembly name: what the architecture rules are checked on.</summary>
internal static class PlatformServices
{
    public static readonly IReadOnlyDictionary<string, Assembly> Assemblies = new Dictionary<string, Assembly>
    {
        ["ProBono.Recruitment"] = typeof(RecruitmentService).Assembly,
        ["ProBono.Needs"] = typeof(NeedsService).Assembly,
        ["ProBono.Teams"] = typeof(TeamsService).Assembly,
        ["ProBono.Feedback"] = typeof(FeedbackService).Assembly,
        ["ProBono.Webhooks"] = typeof(WebhooksService).Assembly,
    };
}
