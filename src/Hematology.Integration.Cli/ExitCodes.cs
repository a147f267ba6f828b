namespace Hematology.Integration.Cli;

/// <summary>The <c>hematology</c> command's exit codes (documented in docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The command ran but found a problem: validation issues, a broken audit chain, files left unsettled.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong (unknown option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>The configuration is invalid; every error is printed.</summary>
    public const int InvalidConfiguration = 3;

    /// <summary>Something named on the command line does not exist (file, profile, quarantine item, running host).</summary>
    public const int NotFound = 4;

    /// <summary>An unexpected error; run again with --verbose for details.</summary>
    public const int Unexpected = 70;
}
