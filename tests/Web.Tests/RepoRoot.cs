namespace Web.Tests;

internal static class RepoRoot
{
    /// <summary>The repository's root: the first folder above the test binaries that holds the solution file.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SelbsthilfePlattform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("SelbsthilfePlattform.sln not found above " + AppContext.BaseDirectory);
    }
}
