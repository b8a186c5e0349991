using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>The id tags charge points authorize against.</summary>
public static class IdTagsApi
{
    private const string Tag = "Id tags";

    public static IEndpointRouteBuilder MapIdTagsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/id-tags").WithTags(Tag);

        group.MapGet("/", ListAsync)
            .WithName("ListIdTags")
            .WithSummary("Lists id tags, ordered by tag.");

        group.MapGet("/{idTag}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetIdTag")
            .WithSummary("Returns an id tag.");

        group.MapPut("/{idTag}", PutAsync)
            .Accepts<PutIdTagRequest>("application/json")
            .WithName("PutIdTag")
            .WithSummary("Creates or replaces an id tag's status, expiry and parent tag.");

        group.MapDelete("/{idTag}", DeleteAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteIdTag")
            .WithSummary("Deletes an id tag; charge points are then told it is Invalid.");

        return endpoints;
    }

    public static async Task<Results<Ok<PagedResponse<IdTagResponse>>, ValidationProblem>> ListAsync(
        int? page,
        int? pageSize,
        [FromServices] ICsmsQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await queries.ListIdTagsAsync(pageNumber, size, cancellationToken);
        return TypedResults.Ok(result.ToResponse(IdTagRules.ToResponse));
    }

    public static async Task<Results<Ok<IdTagResponse>, ProblemHttpResult>> GetAsync(string idTag, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IIdTagGrain>(idTag).GetAsync() is { } state ? TypedResults.Ok(state.ToResponse()) : UnknownIdTag(idTag);

    public static async Task<Results<Created<IdTagResponse>, Ok<IdTagResponse>, ValidationProblem>> PutAsync(
        string idTag,
        JsonBody<PutIdTagRequest> body,
        [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .IdTag("idTag", idTag)
            .OneOf("status", request.Status, IdTagRules.Statuses)
            .IdTag("parentIdTag", request.ParentIdTag, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grain = grains.GetGrain<IIdTagGrain>(idTag);
        var created = await grain.PutAsync(new IdTagUpdate(request.Status!, request.ExpiryDate, request.ParentIdTag));
        var response = (await grain.GetAsync())!.ToResponse();
        return created ? TypedResults.Created($"/api/id-tags/{Uri.EscapeDataString(idTag)}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string idTag, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IIdTagGrain>(idTag).DeleteAsync() ? TypedResults.NoContent() : UnknownIdTag(idTag);

    private static ProblemHttpResult UnknownIdTag(string idTag) => ApiProblems.NotFound("Unknown id tag", $"No id tag '{idTag}' is known.");
}
