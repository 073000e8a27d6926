namespace ProBono.Testing;

/// <summary>The checkout the tests run from (the folder holding ProBonoPlatform.sln), found upwards from the test binaries.</summary>
internal static class Checkout
{
    public static readonly string Root = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ProBonoPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (ProBonoPlatform.sln) above the test binaries.");
    }
}
