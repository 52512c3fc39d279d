using Microsoft.AspNetCore.Http.HttpResults;
using Selbsthilfe.GroupDirectory.Api.Taxonomy;

namespace Selbsthilfe.GroupDirectory.Api.Endpoints;

public static class TopicEndpoints
{
    public static IEndpointRouteBuilder MapTopicEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Routes.Prefix + "/topics").WithTags("Topics")
            .MapGet("/", ListTopics).WithName("ListTopics")
            .WithDescription("The topic taxonomy, parents before children; with ?q= only the topics that name finds (label, synonym, colloquial term or ICD-10-GM code).");
        return app;
    }

    public sealed record TopicResponse(string Code, string? Parent, string Label, string LabelEn, IReadOnlyList<string> Synonyms, IReadOnlyList<string> Icd10);

    private static Ok<IEnumerable<TopicResponse>> ListTopics(TopicTaxonomy taxonomy, string? q)
    {
        var topics = string.IsNullOrWhiteSpace(q) ? taxonomy.Topics : taxonomy.Find(q);
        return TypedResults.Ok(topics.Select(t => new TopicResponse(t.Code, t.Parent, t.Label, t.LabelEn, t.Synonyms, t.Icd10)));
    }
}
