using Microsoft.Kiota.Abstractions.Serialization;
using ProBono.Client;
using ProBono.IntegrationTests.Recruitment;
using Problem = ProBono.Client.Recruitment.Models.ProblemDetails;
using RegisterVolunteerRequest = ProBono.Client.Recruitment.Models.RegisterVolunteerRequest;
using ValidationProblem = ProBono.Client.Recruitment.Models.HttpValidationProblemDetails;

namespace ProBono.IntegrationTests.OpenApi;

/// <summary>
/// API.md: a client generated from a service's OpenAPI document gets typed errors. ProBono.Client (clients/dotnet,
/// Kiota's clients of the documents, kept current by tools/openapi/check.sh) here calls a real Recruitment with the
/// token it was given: without the document's problem responses Kiota throws a bare ApiException and these fail.
/// </summary>
public sealed class KiotaClientTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private ProBonoClient StaffClient()
    {
        var token = Tokens.Staff();
        return ProBonoClient.Create(fixture.Host.ClientWith(null), _ => Task.FromResult(token));
    }

    [Fact]
    public async Task The_token_given_to_the_client_is_sent_as_its_bearer()
    {
        var anonymous = ProBonoClient.Create(fixture.Host.ClientWith(null), _ => Task.FromResult(string.Empty));
        await Assert.ThrowsAsync<Problem>(() => anonymous.Recruitment.Api.Marathons.GetAsync());

        var marathons = await StaffClient().Recruitment.Api.Marathons.GetAsync();

        Assert.NotNull(marathons?.Items);
    }

    [Fact]
    public async Task A_page_out_of_range_throws_typed_validation_problem_details_naming_the_field()
    {
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            StaffClient().Recruitment.Api.Marathons.GetAsync(r => r.QueryParameters.Page = 0));

        Assert.Equal(400, problem.ResponseStatusCode);
        Assert.Equal(400, problem.Status);
        Assert.Equal("/api/marathons", problem.Instance);
        Assert.Contains("page", problem.Errors!.AdditionalData.Keys);
    }

    [Fact]
    public async Task A_bad_body_throws_typed_validation_problem_details_with_each_field_and_its_messages()
    {
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            StaffClient().Recruitment.Api.Marathons[Guid.NewGuid()].Volunteers.PostAsync(new RegisterVolunteerRequest { FirstName = "Ada" }));

        Assert.Equal(400, problem.ResponseStatusCode);
        var errors = problem.Errors!.AdditionalData;
        Assert.Contains("partnerId", errors.Keys);
        Assert.Contains("employeeRef", errors.Keys);
        var messages = Assert.IsType<UntypedArray>(errors["employeeRef"]).GetValue().Select(m => Assert.IsType<UntypedString>(m).GetValue());
        Assert.Contains(messages, m => m!.Contains("employeeRef", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_marathon_throws_typed_problem_details()
    {
        var id = Guid.NewGuid();

        var problem = await Assert.ThrowsAsync<Problem>(() => StaffClient().Recruitment.Api.Marathons[id].GetAsync());

        Assert.Equal(404, problem.ResponseStatusCode);
        Assert.Equal(404, problem.Status);
        Assert.Equal("Not found", problem.Title);
        Assert.Contains(id.ToString(), problem.Detail);
    }
}
