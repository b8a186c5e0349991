using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using OrleansCsms.Frontend.Auth;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Console;

/// <summary>
/// A console page: who is signed in and what they may do, and where in the event stream the page's data was read,
/// so its script resumes the stream right there and misses nothing that happened since.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    [Inject]
    public IEventOutbox EventOutbox { get; set; } = default!;

    protected OperatorRole Role => CsmsAuthorization.RoleOf(HttpContext.User) ?? OperatorRole.Viewer;

    /// <summary>Operators and admins send commands and change data; viewers only read.</summary>
    protected bool CanOperate => Role >= OperatorRole.Operator;

    protected bool IsAdmin => Role == OperatorRole.Admin;

    /// <summary>The event stream position the page's data is at least as new as; 0 until <see cref="MarkEventsAsync"/>.</summary>
    protected long EventsAfter { get; private set; }

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>Reads the stream's position; call it before reading the page's data.</summary>
    protected async Task MarkEventsAsync() => EventsAfter = await EventOutbox.LastPositionAsync(Aborted);

    /// <summary>
    /// Refuses a form post that needs a role the signed-in account lacks with 403, as the API would; the page then shows
    /// why. Viewers never see such forms, so only a hand-made post gets here.
    /// </summary>
    protected bool Refused(OperatorRole needed)
    {
        if (Role >= needed)
        {
            return false;
        }

        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        return true;
    }
}
