namespace Selbsthilfe.Gateway;

internal static class Problems
{
    /// <summary>Writes an RFC 7807 body through the registered <see cref="IProblemDetailsService"/>.</summary>
    public static async ValueTask WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }
}
