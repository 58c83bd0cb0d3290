using System.Net;

namespace Quarry.Server.Tests;

/// <summary>A job's own review threshold: set on creation, shown on the job, and deciding which rows are approved.</summary>
public sealed class ReviewThresholdTests : HostedTest
{
    [Fact]
    public async Task A_job_asking_for_threshold_1_sends_every_machine_row_to_review_the_default_job_approves_it()
    {
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var docs = await Tenant.Client.UploadAsync(("oct.pdf", TestInvoices.October()));
        var ids = new[] { docs[0]!.Id() };

        var usual = await Tenant.Client.WaitForJobAsync((await Tenant.Client.CreateJobAsync(schema.Id(), ids)).Id());
        Assert.Equal(0.8, usual["review_threshold"]!.GetValue<double>());
        var usualRow = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{usual.Id()}/results"))["data"]![0]!;
        Assert.Equal("approved", usualRow["status"]!.GetValue<string>());

        var body = $$"""{"schema_id": "{{schema.Id()}}", "document_ids": ["{{ids[0]}}"], "review_threshold": 1}""";
        var strict = await (await Tenant.Client.PostJsonAsync("/v1/jobs", body)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1.0, strict["review_threshold"]!.GetValue<double>());
        await Tenant.Client.WaitForJobAsync(strict.Id());
        var strictRow = (await Tenant.Client.GetJsonAsync($"/v1/jobs/{strict.Id()}/results"))["data"]![0]!;
        Assert.Equal("review", strictRow["status"]!.GetValue<string>());
        Assert.Contains(strictRow["validation_flags"]!.AsArray(), f => f!.GetValue<string>().StartsWith("low_confidence:", StringComparison.Ordinal));
        Assert.Equal(usualRow["values"]!.ToJsonString(), strictRow["values"]!.ToJsonString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.5")]
    [InlineData("1.01")]
    [InlineData("\"0.9\"")]
    [InlineData("true")]
    public async Task A_threshold_outside_0_to_1_is_refused_naming_the_field(string value)
    {
        var schema = await Tenant.Client.CreateInvoiceSchemaAsync();
        var res = await Tenant.Client.PostJsonAsync("/v1/jobs", $$"""{"schema_id": "{{schema.Id()}}", "review_threshold": {{value}}}""");
        var problem = await res.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.NotNull(problem["errors"]!["review_threshold"]);
        Assert.Empty((await Tenant.Client.GetJsonAsync("/v1/jobs"))["data"]!.AsArray());
    }
}
