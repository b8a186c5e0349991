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
            .WithSummary(
                "Creates or replaces an id tag's status, expiry, parent tag and how many transactions it may be in at once (maxActiveTransactions: 1 when absent, " +
                "0 for no limit); for OCPP 2.0.1 stations its idTokenType (absent: any type) and a personal message for the driver.");

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
        var items = new List<IdTagResponse>(result.Items.Count);
        foreach (var tag in result.Items)
        {
            items.Add(await tag.ToResponseAsync(queries, cancellationToken));
        }

        return TypedResults.Ok(new Page<IdTagResponse>(items, result.TotalCount, result.PageNumber, result.PageSize).ToResponse(t => t));
    }

    public static async Task<Results<Ok<IdTagResponse>, ProblemHttpResult>> GetAsync(
        string idTag,
        [FromServices] IGrainFactory grains,
        [FromServices] ICsmsQueries queries,
        CancellationToken cancellationToken) =>
        await grains.GetGrain<IIdTagGrain>(idTag).GetAsync() is { } state
            ? TypedResults.Ok(await state.ToResponseAsync(queries, cancellationToken))
            : UnknownIdTag(idTag);

    public static async Task<Results<Created<IdTagResponse>, Ok<IdTagResponse>, ValidationProblem>> PutAsync(
        string idTag,
        JsonBody<PutIdTagRequest> body,
        [FromServices] IGrainFactory grains,
        [FromServices] ICsmsQueries queries,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .IdTag("idTag", idTag)
            .OneOf("status", request.Status, IdTagRules.Statuses)
            .IdTag("parentIdTag", request.ParentIdTag, required: false)
            .MaxActiveTransactions(request.MaxActiveTransactions)
            .TokenDetails(request);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grain = grains.GetGrain<IIdTagGrain>(idTag);
        var created = await grain.PutAsync(new IdTagUpdate(
            request.Status!, request.ExpiryDate, request.ParentIdTag, request.MaxActiveTransactions ?? 1,
            request.IdTokenType, request.PersonalMessage, request.PersonalMessageLanguage));
        var response = await (await grain.GetAsync())!.ToResponseAsync(queries, cancellationToken);
        return created ? TypedResults.Created($"/api/id-tags/{Uri.EscapeDataString(idTag)}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string idTag, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IIdTagGrain>(idTag).DeleteAsync() ? TypedResults.NoContent() : UnknownIdTag(idTag);

    private static ProblemHttpResult UnknownIdTag(string idTag) => ApiProblems.NotFound("Unknown id tag", $"No id tag '{idTag}' is known.");
}
