// What nearly every test here uses: HTTP and JSON against the real hosts, the test infrastructure and the token maker.
global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using ProBono.IntegrationTests.Infrastructure;
global using ProBono.Token;
global using Xunit.Abstractions;

// The hosts under test, by the service they start.
global using FeedbackProgram = ProBono.Feedback.Program;
global using GatewayProgram = ProBono.Gateway.Program;
global using NeedsProgram = ProBono.Needs.Program;
global using RecruitmentProgram = ProBono.Recruitment.Program;
global using TeamsProgram = ProBono.Teams.Program;
global using WebhooksProgram = ProBono.Webhooks.Program;
