using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using ProBono.IntegrationTests.Generated.Recruitment;
using ProBono.IntegrationTests.Recruitment;
using Problem = ProBono.IntegrationTests.Generated.Recruitment.Models.ProblemDetails;
using RegisterVolunteerRequest = ProBono.IntegrationTests.Generated.Recruitment.Models.RegisterVolunteerRequest;
using ValidationProblem = ProBono.IntegrationTests.Generated.Recruitment.Models.HttpValidationProblemDetails;

namespace ProBono.IntegrationTests.OpenApi;

/// <summary>
/// API.md: a client generated from a service's OpenAPI document gets typed errors. Generated/ holds Kiota's client of the
/// Recruitment document (tools/openapi/check.sh keeps it current), here calling a real Recruitment: without the
/// document's problem responses Kiota throws a bare ApiException and these assertions fail.
/// </summary>
public sealed class KiotaClientTests(RecruitmentFixture fixture) : IClassFixture<RecruitmentFixture>
{
    private RecruitmentClient StaffClient()
    {
        var http = fixture.Host.ClientWith(Tokens.Staff());
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new RecruitmentClient(adapter);
    }

    [Fact]
    public async Task A_page_out_of_range_throws_typed_validation_problem_details_naming_the_field()
    {
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            StaffClient().Api.Marathons.GetAsync(r => r.QueryParameters.Page = 0));

        Assert.Equal(400, problem.ResponseStatusCode);
        Assert.Equal(400, problem.Status);
        Assert.Equal("/api/marathons", problem.Instance);
        Assert.Contains("page", problem.Errors!.AdditionalData.Keys);
    }

    [Fact]
    public async Task A_bad_body_throws_typed_validation_problem_details_with_each_field_and_its_messages()
    {
        var problem = await Assert.ThrowsAsync<ValidationProblem>(() =>
            StaffClient().Api.Marathons[Guid.NewGuid()].Volunteers.PostAsync(new RegisterVolunteerRequest { FirstName = "Ada" }));

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

        var problem = await Assert.ThrowsAsync<Problem>(() => StaffClient().Api.Marathons[id].GetAsync());

        Assert.Equal(404, problem.ResponseStatusCode);
        Assert.Equal(404, problem.Status);
        Assert.Equal("Not found", problem.Title);
        Assert.Contains(id.ToString(), problem.Detail);
    }
}
